import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface LessonSpec {
  kind?: 'text' | 'video' | 'document' | 'link';
  title?: string;
  bodyHtml?: string;
  url?: string;
  required?: boolean;
}

export interface CourseSpec {
  code?: string;
  title?: string;
  summary?: string;
  /** The unit whose organisers author the course (default: the country root). */
  ownerUnit?: { id: string };
  openEnrolment?: boolean;
  finalExam?: boolean;
  tags?: string[];
  /** Default: two modules of two required text lessons each. */
  modules?: Array<{ title?: string; lessons?: LessonSpec[] }>;
}

export interface GivenCourse {
  id: string;
  code: string;
  versionId: string;
  moduleIds: string[];
  /** Every lesson id, in course order (module by module). */
  lessonIds: string[];
}

let seq = 0;

/**
 * A published course (version 1) written straight into the tables, for tests of enrolment, progress and
 * assignments that need a course without going through authoring. Authoring tests use the API instead.
 */
export async function createPublishedCourse(db: DataSource, spec: CourseSpec = {}): Promise<GivenCourse> {
  const code = spec.code ?? `C${(++seq).toString(36)}${Date.now().toString(36).slice(-5)}`.toUpperCase();
  const ownerUnitId =
    spec.ownerUnit?.id ?? (await db.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE code = 'VN'`))[0].id;
  const modules = spec.modules ?? [
    { title: 'Học phần 1', lessons: [{ title: 'Bài 1' }, { title: 'Bài 2' }] },
    { title: 'Học phần 2', lessons: [{ title: 'Bài 3' }, { title: 'Bài 4' }] },
  ];
  const id = randomUUID();
  const versionId = randomUUID();
  const moduleIds: string[] = [];
  const lessonIds: string[] = [];
  await db.transaction(async (m) => {
    await m.query(
      `INSERT INTO course (id, code, owner_unit_id, status, open_enrolment, created_at, updated_at)
       VALUES ($1, $2, $3, 'published', $4, now(), now())`,
      [id, code, ownerUnitId, spec.openEnrolment ?? true],
    );
    await m.query(
      `INSERT INTO course_version (id, course_id, version_no, title, summary, tags, final_exam, created_at, published_at)
       VALUES ($1, $2, 1, $3, $4, $5, $6, now(), now())`,
      [
        versionId,
        id,
        spec.title ?? `Khoá học ${code}`,
        spec.summary ?? 'Tóm tắt khoá học',
        spec.tags ?? [],
        spec.finalExam ?? false,
      ],
    );
    await m.query(`UPDATE course SET published_version_id = $1 WHERE id = $2`, [versionId, id]);
    for (const [mi, mod] of modules.entries()) {
      const moduleId = randomUUID();
      moduleIds.push(moduleId);
      await m.query(`INSERT INTO course_module (id, version_id, position, title) VALUES ($1, $2, $3, $4)`, [
        moduleId,
        versionId,
        mi + 1,
        mod.title ?? `Học phần ${mi + 1}`,
      ]);
      for (const [li, lesson] of (mod.lessons ?? [{}]).entries()) {
        const lessonId = randomUUID();
        lessonIds.push(lessonId);
        const kind = lesson.kind ?? 'text';
        await m.query(
          `INSERT INTO lesson (id, version_id, module_id, position, kind, title, body_html, url, required)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            lessonId,
            versionId,
            moduleId,
            li + 1,
            kind,
            lesson.title ?? `Bài ${li + 1}`,
            lesson.bodyHtml ?? (kind === 'text' ? '<p>Nội dung bài học.</p>' : ''),
            lesson.url ?? (kind === 'text' ? null : 'https://example.org/tai-lieu'),
            lesson.required ?? true,
          ],
        );
      }
    }
  });
  return { id, code, versionId, moduleIds, lessonIds };
}
