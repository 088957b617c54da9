import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { GivenCourse } from './courses';

/**
 * A lesson playing an uploaded video, appended to a module of the course's published version. The course_file row
 * is written straight into the table (the learner side only links to /files/:id, it never reads the bytes), with the
 * duration an upload would have read from the file: 120 s unless given (null: unknown, the "done" button applies).
 */
export async function addUploadedVideoLesson(
  db: DataSource,
  course: GivenCourse,
  o: { moduleId?: string; title?: string; required?: boolean; durationSeconds?: number | null } = {},
): Promise<{ lessonId: string; fileId: string }> {
  const moduleId = o.moduleId ?? course.moduleIds[course.moduleIds.length - 1];
  const fileId = randomUUID();
  const lessonId = randomUUID();
  await db.transaction(async (m) => {
    await m.query(
      `INSERT INTO course_file (id, course_id, storage_key, original_name, content_type, size_bytes, sha256,
                                duration_seconds, created_at)
       VALUES ($1, $2, $3, 'bai-giang.mp4', 'video/mp4', 2500000, $4, $5, now())`,
      [
        fileId,
        course.id,
        `courses/${course.id}/${fileId}`,
        randomBytes(32).toString('hex'),
        o.durationSeconds === undefined ? 120 : o.durationSeconds,
      ],
    );
    await m.query(
      `INSERT INTO lesson (id, version_id, module_id, position, kind, title, file_id, required)
       VALUES ($1, $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM lesson WHERE module_id = $3), 'video', $4, $5, $6)`,
      [lessonId, course.versionId, moduleId, o.title ?? 'Video bài giảng', fileId, o.required ?? true],
    );
  });
  course.lessonIds.push(lessonId);
  return { lessonId, fileId };
}

/**
 * Publishes version 2 of a course: one module of `lessons` new text lessons (a real edit would deep-copy; a new
 * version is all the learner side needs). New enrolments get it; existing ones keep version 1.
 */
export async function publishNewVersion(
  db: DataSource,
  course: GivenCourse,
  o: { title?: string; lessons?: number } = {},
): Promise<{ versionId: string; lessonIds: string[] }> {
  const versionId = randomUUID();
  const moduleId = randomUUID();
  const lessonIds: string[] = [];
  await db.transaction(async (m) => {
    await m.query(
      `INSERT INTO course_version (id, course_id, version_no, title, summary, created_at, published_at)
       SELECT $1, $2, max(version_no) + 1, $3, 'Phiên bản mới', now(), now() FROM course_version WHERE course_id = $2`,
      [versionId, course.id, o.title ?? 'Phiên bản mới'],
    );
    await m.query(`INSERT INTO course_module (id, version_id, position, title) VALUES ($1, $2, 1, 'Học phần mới')`, [
      moduleId,
      versionId,
    ]);
    for (let i = 0; i < (o.lessons ?? 1); i += 1) {
      const id = randomUUID();
      lessonIds.push(id);
      await m.query(
        `INSERT INTO lesson (id, version_id, module_id, position, kind, title, body_html)
         VALUES ($1, $2, $3, $4, 'text', $5, '<p>Nội dung mới.</p>')`,
        [id, versionId, moduleId, i + 1, `Bài mới ${i + 1}`],
      );
    }
    await m.query(`UPDATE course SET published_version_id = $1 WHERE id = $2`, [versionId, course.id]);
  });
  return { versionId, lessonIds };
}

/** The learning events of an enrolment, as "kind" or "kind:lessonId", in order. */
export async function eventsOf(db: DataSource, enrolmentId: string): Promise<string[]> {
  const rows = await db.query<Array<{ kind: string; lessonId: string | null }>>(
    `SELECT kind, lesson_id AS "lessonId" FROM learning_event WHERE enrolment_id = $1 ORDER BY id`,
    [enrolmentId],
  );
  return rows.map((r) => (r.lessonId ? `${r.kind}:${r.lessonId}` : r.kind));
}
