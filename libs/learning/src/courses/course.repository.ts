import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { copyId } from './copy-id';
import {
  CourseFileResponse,
  CourseLanguage,
  CourseResponse,
  CourseStatus,
  CourseVersionResponse,
  LessonResponse,
  ModuleResponse,
} from './dto/course.dto';
import { LessonKind } from './dto/module.dto';

/** The course row as the service reasons about it. */
export interface CourseRow {
  id: string;
  code: string;
  ownerUnitId: string;
  status: CourseStatus;
  openEnrolment: boolean;
  publishedVersionId: string | null;
  draftVersionId: string | null;
}

export interface VersionFields {
  title: string;
  summary: string;
  language: CourseLanguage;
  tags: string[];
  estimatedMinutes: number | null;
  finalExam: boolean;
}

export interface ModuleRow {
  id: string;
  courseId: string;
  versionId: string;
  position: number;
  title: string;
}

export interface LessonRow {
  id: string;
  courseId: string;
  versionId: string;
  moduleId: string;
  position: number;
  kind: LessonKind;
  title: string;
  bodyHtml: string;
  url: string | null;
  fileId: string | null;
  required: boolean;
  estimatedMinutes: number | null;
}

export type LessonFields = Omit<LessonRow, 'id' | 'courseId' | 'versionId' | 'position'>;

export interface FileRow {
  id: string;
  courseId: string;
  storageKey: string;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  /** Read from the file at upload; null when unknown. */
  durationSeconds: number | null;
  createdAt: Date;
}

const COURSE_ROW = `SELECT c.id, c.code, c.owner_unit_id AS "ownerUnitId", c.status, c.open_enrolment AS "openEnrolment",
       c.published_version_id AS "publishedVersionId", c.draft_version_id AS "draftVersionId"
  FROM course c`;

const COURSE_RESPONSE = `SELECT c.id, c.code, c.status, c.owner_unit_id AS "ownerUnitId", u.name AS "ownerUnitName",
       c.open_enrolment AS "openEnrolment",
       c.published_version_id AS "publishedVersionId", pv.version_no AS "publishedVersionNo", pv.published_at AS "publishedAt",
       c.draft_version_id AS "draftVersionId", dv.version_no AS "draftVersionNo",
       v.id AS "versionId", v.version_no AS "versionNo", v.title, v.summary, v.language, v.tags,
       v.estimated_minutes AS "estimatedMinutes", v.final_exam AS "finalExam",
       c.created_at AS "createdAt", c.updated_at AS "updatedAt"
  FROM course c
  JOIN org_unit u ON u.id = c.owner_unit_id
  JOIN course_version v ON v.id = coalesce(c.draft_version_id, c.published_version_id)
  LEFT JOIN course_version pv ON pv.id = c.published_version_id
  LEFT JOIN course_version dv ON dv.id = c.draft_version_id`;

const MODULE_ROW = `SELECT m.id, v.course_id AS "courseId", m.version_id AS "versionId", m.position, m.title
  FROM course_module m JOIN course_version v ON v.id = m.version_id`;

const LESSON_ROW = `SELECT l.id, v.course_id AS "courseId", l.version_id AS "versionId", l.module_id AS "moduleId",
       l.position, l.kind, l.title, l.body_html AS "bodyHtml", l.url, l.file_id AS "fileId", l.required,
       l.estimated_minutes AS "estimatedMinutes"
  FROM lesson l JOIN course_version v ON v.id = l.version_id`;

const FILE_ROW = `SELECT f.id, f.course_id AS "courseId", f.storage_key AS "storageKey", f.original_name AS "originalName",
       f.content_type AS "contentType", f.size_bytes::float8 AS "sizeBytes", f.sha256,
       f.duration_seconds::float8 AS "durationSeconds", f.created_at AS "createdAt"
  FROM course_file f`;

export const toFileResponse = (f: FileRow): CourseFileResponse => ({
  id: f.id,
  courseId: f.courseId,
  originalName: f.originalName,
  contentType: f.contentType,
  sizeBytes: Number(f.sizeBytes),
  sha256: f.sha256,
  durationSeconds: f.durationSeconds,
  createdAt: f.createdAt,
  href: `/files/${f.id}`,
});

/** Courses, versions, modules, lessons and files: the SQL of authoring. Scope checks go through org_unit_closure. */
/**
 * Moves row $2 of `table` from position $3 to $4 among the rows with `group` = $1; the rows between shift by one,
 * so positions stay 1..n.
 */
const MOVE_WITHIN = (table: 'course_module' | 'lesson', group: 'version_id' | 'module_id'): string =>
  `UPDATE ${table} SET position = CASE
      WHEN id = $2 THEN $4::int
      WHEN $4::int < $3::int AND position >= $4::int AND position < $3::int THEN position + 1
      WHEN $4::int > $3::int AND position > $3::int AND position <= $4::int THEN position - 1
      ELSE position END
    WHERE ${group} = $1`;

@Injectable()
export class CourseRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ---- courses ----

  /** The course row; `lock` takes the row lock that serialises every edit of one course. */
  async findCourse(id: string, m: EntityManager = this.db.manager, lock = false): Promise<CourseRow | null> {
    const rows = await m.query<CourseRow[]>(`${COURSE_ROW} WHERE c.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async findResponse(id: string, m: EntityManager = this.db.manager): Promise<CourseResponse | null> {
    const rows = await m.query<CourseResponse[]>(`${COURSE_RESPONSE} WHERE c.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async codeTaken(m: EntityManager, code: string, exceptId?: string): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      `SELECT 1 FROM course WHERE lower(code) = lower($1) AND ($2::uuid IS NULL OR id <> $2)`,
      [code, exceptId ?? null],
    );
    return rows.length > 0;
  }

  async list(
    scopeIds: string[],
    filter: { q?: string; status?: CourseStatus; limit: number; offset: number },
  ): Promise<{ items: CourseResponse[]; total: number }> {
    const rows = await this.db.query<Array<CourseResponse & { total: number }>>(
      `${COURSE_RESPONSE.replace('SELECT ', 'SELECT count(*) OVER ()::int AS total, ')}
        WHERE EXISTS (SELECT 1 FROM org_unit_closure cl
                       WHERE cl.ancestor_id = ANY($1::uuid[]) AND cl.descendant_id = c.owner_unit_id)
          AND ($2::text IS NULL OR v.search_key LIKE '%' || f_search_key($2) || '%'
               OR lower(c.code) LIKE '%' || lower($2) || '%')
          AND ($3::text IS NULL OR c.status = $3)
        ORDER BY c.updated_at DESC, c.code
        LIMIT $4 OFFSET $5`,
      [scopeIds, filter.q ?? null, filter.status ?? null, filter.limit, filter.offset],
    );
    return { items: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
  }

  async insertCourse(
    m: EntityManager,
    c: { code: string; ownerUnitId: string; openEnrolment: boolean; createdBy: string; now: Date },
  ): Promise<string> {
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO course (code, owner_unit_id, status, open_enrolment, created_by, created_at, updated_at)
       VALUES ($1, $2, 'draft', $3, $4, $5, $5) RETURNING id`,
      [c.code, c.ownerUnitId, c.openEnrolment, c.createdBy, c.now],
    );
    return row.id;
  }

  async updateCourse(
    m: EntityManager,
    id: string,
    set: Partial<{
      code: string;
      ownerUnitId: string;
      openEnrolment: boolean;
      status: CourseStatus;
      publishedVersionId: string | null;
      draftVersionId: string | null;
    }>,
    now: Date,
  ): Promise<void> {
    const columns: Record<string, string> = {
      code: 'code',
      ownerUnitId: 'owner_unit_id',
      openEnrolment: 'open_enrolment',
      status: 'status',
      publishedVersionId: 'published_version_id',
      draftVersionId: 'draft_version_id',
    };
    const entries = Object.entries(set).filter(([, v]) => v !== undefined);
    const assignments = entries.map(([k], i) => `${columns[k]} = $${i + 3}`);
    await m.query(`UPDATE course SET updated_at = $2${assignments.map((a) => `, ${a}`).join('')} WHERE id = $1`, [
      id,
      now,
      ...entries.map(([, v]) => v),
    ]);
  }

  // ---- versions ----

  async insertVersion(
    m: EntityManager,
    v: VersionFields & { courseId: string; versionNo: number; createdBy: string; now: Date },
  ): Promise<string> {
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO course_version (course_id, version_no, title, summary, language, tags, estimated_minutes, final_exam, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        v.courseId,
        v.versionNo,
        v.title,
        v.summary,
        v.language,
        v.tags,
        v.estimatedMinutes,
        v.finalExam,
        v.createdBy,
        v.now,
      ],
    );
    return row.id;
  }

  async versionFields(m: EntityManager, versionId: string): Promise<VersionFields & { versionNo: number }> {
    const [row] = await m.query<Array<VersionFields & { versionNo: number }>>(
      `SELECT version_no AS "versionNo", title, summary, language, tags, estimated_minutes AS "estimatedMinutes",
              final_exam AS "finalExam"
         FROM course_version WHERE id = $1`,
      [versionId],
    );
    return row;
  }

  async updateVersion(m: EntityManager, versionId: string, set: Partial<VersionFields>): Promise<void> {
    const columns: Record<keyof VersionFields, string> = {
      title: 'title',
      summary: 'summary',
      language: 'language',
      tags: 'tags',
      estimatedMinutes: 'estimated_minutes',
      finalExam: 'final_exam',
    };
    const entries = (Object.entries(set) as Array<[keyof VersionFields, unknown]>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    await m.query(
      `UPDATE course_version SET ${entries.map(([k], i) => `${columns[k]} = $${i + 2}`).join(', ')} WHERE id = $1`,
      [versionId, ...entries.map(([, v]) => v)],
    );
  }

  async markPublished(m: EntityManager, versionId: string, by: string, now: Date): Promise<void> {
    await m.query(`UPDATE course_version SET published_at = $2, published_by = $3 WHERE id = $1`, [versionId, now, by]);
  }

  async nextVersionNo(m: EntityManager, courseId: string): Promise<number> {
    const [row] = await m.query<Array<{ n: number }>>(
      `SELECT coalesce(max(version_no), 0)::int + 1 AS n FROM course_version WHERE course_id = $1`,
      [courseId],
    );
    return row.n;
  }

  /**
   * Copies a version (metadata, modules, lessons; the same files) into a new version of the course. The copies of
   * modules and lessons get the ids copyId(newVersionId, originalId).
   */
  async copyVersion(
    m: EntityManager,
    fromVersionId: string,
    versionNo: number,
    createdBy: string,
    now: Date,
  ): Promise<string> {
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO course_version (course_id, version_no, title, summary, language, tags, estimated_minutes, final_exam, created_by, created_at)
       SELECT course_id, $2, title, summary, language, tags, estimated_minutes, final_exam, $3, $4
         FROM course_version WHERE id = $1
       RETURNING id`,
      [fromVersionId, versionNo, createdBy, now],
    );
    const draftId = row.id;
    const modules = await m.query<Array<{ id: string; position: number; title: string }>>(
      `SELECT id, position, title FROM course_module WHERE version_id = $1`,
      [fromVersionId],
    );
    if (modules.length > 0) {
      await m.query(
        `INSERT INTO course_module (id, version_id, position, title)
         SELECT id, $1, position, title FROM unnest($2::uuid[], $3::int[], $4::text[]) AS t(id, position, title)`,
        [
          draftId,
          modules.map((x) => copyId(draftId, x.id)),
          modules.map((x) => x.position),
          modules.map((x) => x.title),
        ],
      );
    }
    const lessons = await m.query<Array<{ id: string; moduleId: string }>>(
      `SELECT id, module_id AS "moduleId" FROM lesson WHERE version_id = $1`,
      [fromVersionId],
    );
    if (lessons.length > 0) {
      await m.query(
        `INSERT INTO lesson (id, version_id, module_id, position, kind, title, body_html, url, file_id, required, estimated_minutes)
         SELECT t.new_id, $1, t.new_module_id, l.position, l.kind, l.title, l.body_html, l.url, l.file_id, l.required, l.estimated_minutes
           FROM unnest($2::uuid[], $3::uuid[], $4::uuid[]) AS t(old_id, new_id, new_module_id)
           JOIN lesson l ON l.id = t.old_id`,
        [
          draftId,
          lessons.map((x) => x.id),
          lessons.map((x) => copyId(draftId, x.id)),
          lessons.map((x) => copyId(draftId, x.moduleId)),
        ],
      );
    }
    return draftId;
  }

  async versions(courseId: string): Promise<CourseVersionResponse[]> {
    return this.db.query<CourseVersionResponse[]>(
      `SELECT v.id, v.version_no AS "versionNo", v.title,
              CASE WHEN v.id = c.draft_version_id THEN 'draft'
                   WHEN v.id = c.published_version_id THEN 'published'
                   ELSE 'superseded' END AS state,
              v.created_at AS "createdAt", v.published_at AS "publishedAt",
              (SELECT count(*)::int FROM course_module m WHERE m.version_id = v.id) AS "moduleCount",
              (SELECT count(*)::int FROM lesson l WHERE l.version_id = v.id) AS "lessonCount",
              (SELECT count(*)::int FROM enrolment e WHERE e.version_id = v.id) AS "enrolmentCount"
         FROM course_version v JOIN course c ON c.id = v.course_id
        WHERE v.course_id = $1
        ORDER BY v.version_no DESC`,
      [courseId],
    );
  }

  async versionNo(m: EntityManager, versionId: string): Promise<number | null> {
    const rows = await m.query<Array<{ n: number }>>(`SELECT version_no AS n FROM course_version WHERE id = $1`, [
      versionId,
    ]);
    return rows[0]?.n ?? null;
  }

  // ---- modules and lessons ----

  async findModule(id: string, m: EntityManager = this.db.manager): Promise<ModuleRow | null> {
    const rows = await m.query<ModuleRow[]>(`${MODULE_ROW} WHERE m.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findLesson(id: string, m: EntityManager = this.db.manager): Promise<LessonRow | null> {
    const rows = await m.query<LessonRow[]>(`${LESSON_ROW} WHERE l.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The modules of a version with their lessons (and the lessons' files), in order. */
  async outline(versionId: string, m: EntityManager = this.db.manager): Promise<ModuleResponse[]> {
    const modules = await m.query<ModuleRow[]>(`${MODULE_ROW} WHERE m.version_id = $1 ORDER BY m.position, m.id`, [
      versionId,
    ]);
    const lessons = await m.query<LessonRow[]>(`${LESSON_ROW} WHERE l.version_id = $1 ORDER BY l.position, l.id`, [
      versionId,
    ]);
    const fileIds = [...new Set(lessons.map((l) => l.fileId).filter((id): id is string => id !== null))];
    const files = new Map((await this.findFiles(m, fileIds)).map((f) => [f.id, toFileResponse(f)]));
    return modules.map((mod) => ({
      ...mod,
      lessons: lessons.filter((l) => l.moduleId === mod.id).map((l) => this.toLesson(l, files)),
    }));
  }

  toLesson(l: LessonRow, files: Map<string, CourseFileResponse>): LessonResponse {
    return { ...l, file: l.fileId ? (files.get(l.fileId) ?? null) : null };
  }

  async countModules(m: EntityManager, versionId: string): Promise<number> {
    const [row] = await m.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM course_module WHERE version_id = $1`,
      [versionId],
    );
    return row.n;
  }

  async countLessons(m: EntityManager, where: { versionId?: string; moduleId?: string }): Promise<number> {
    const [row] = await m.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM lesson WHERE ($1::uuid IS NULL OR version_id = $1) AND ($2::uuid IS NULL OR module_id = $2)`,
      [where.versionId ?? null, where.moduleId ?? null],
    );
    return row.n;
  }

  /** Opens a gap at `position` (1-based) among the modules of a version and inserts the module there. */
  async insertModule(m: EntityManager, versionId: string, position: number, title: string): Promise<string> {
    await m.query(`UPDATE course_module SET position = position + 1 WHERE version_id = $1 AND position >= $2`, [
      versionId,
      position,
    ]);
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO course_module (version_id, position, title) VALUES ($1, $2, $3) RETURNING id`,
      [versionId, position, title],
    );
    return row.id;
  }

  async renameModule(m: EntityManager, id: string, title: string): Promise<void> {
    await m.query(`UPDATE course_module SET title = $2 WHERE id = $1`, [id, title]);
  }

  /** Moves a module to `to` among its version's modules; the others shift, positions stay 1..n. */
  async moveModule(m: EntityManager, mod: ModuleRow, to: number): Promise<void> {
    await m.query(MOVE_WITHIN('course_module', 'version_id'), [mod.versionId, mod.id, mod.position, to]);
  }

  /** Deletes a module and its lessons (ON DELETE CASCADE); the modules after it move up. */
  async deleteModule(m: EntityManager, mod: ModuleRow): Promise<void> {
    await m.query(`DELETE FROM course_module WHERE id = $1`, [mod.id]);
    await m.query(`UPDATE course_module SET position = position - 1 WHERE version_id = $1 AND position > $2`, [
      mod.versionId,
      mod.position,
    ]);
  }

  async insertLesson(m: EntityManager, versionId: string, position: number, fields: LessonFields): Promise<string> {
    await m.query(`UPDATE lesson SET position = position + 1 WHERE module_id = $1 AND position >= $2`, [
      fields.moduleId,
      position,
    ]);
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO lesson (version_id, module_id, position, kind, title, body_html, url, file_id, required, estimated_minutes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        versionId,
        fields.moduleId,
        position,
        fields.kind,
        fields.title,
        fields.bodyHtml,
        fields.url,
        fields.fileId,
        fields.required,
        fields.estimatedMinutes,
      ],
    );
    return row.id;
  }

  async updateLessonContent(m: EntityManager, id: string, fields: Omit<LessonFields, 'moduleId'>): Promise<void> {
    await m.query(
      `UPDATE lesson SET kind = $2, title = $3, body_html = $4, url = $5, file_id = $6, required = $7, estimated_minutes = $8
        WHERE id = $1`,
      [
        id,
        fields.kind,
        fields.title,
        fields.bodyHtml,
        fields.url,
        fields.fileId,
        fields.required,
        fields.estimatedMinutes,
      ],
    );
  }

  /** Moves a lesson to position `to` of module `moduleId` (its own or another of the same version). */
  async moveLesson(m: EntityManager, lesson: LessonRow, moduleId: string, to: number): Promise<void> {
    if (moduleId === lesson.moduleId) {
      await m.query(MOVE_WITHIN('lesson', 'module_id'), [moduleId, lesson.id, lesson.position, to]);
      return;
    }
    await m.query(`UPDATE lesson SET position = position - 1 WHERE module_id = $1 AND position > $2`, [
      lesson.moduleId,
      lesson.position,
    ]);
    await m.query(`UPDATE lesson SET position = position + 1 WHERE module_id = $1 AND position >= $2`, [moduleId, to]);
    await m.query(`UPDATE lesson SET module_id = $2, position = $3 WHERE id = $1`, [lesson.id, moduleId, to]);
  }

  async deleteLesson(m: EntityManager, lesson: LessonRow): Promise<void> {
    await m.query(`DELETE FROM lesson WHERE id = $1`, [lesson.id]);
    await m.query(`UPDATE lesson SET position = position - 1 WHERE module_id = $1 AND position > $2`, [
      lesson.moduleId,
      lesson.position,
    ]);
  }

  // ---- files ----

  async insertFile(
    m: EntityManager,
    f: Omit<FileRow, 'createdAt'> & { uploadedBy: string; now: Date },
  ): Promise<FileRow> {
    await m.query(
      `INSERT INTO course_file (id, course_id, storage_key, original_name, content_type, size_bytes, sha256,
                                duration_seconds, uploaded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        f.id,
        f.courseId,
        f.storageKey,
        f.originalName,
        f.contentType,
        f.sizeBytes,
        f.sha256,
        f.durationSeconds,
        f.uploadedBy,
        f.now,
      ],
    );
    const [row] = await this.findFiles(m, [f.id]);
    return row;
  }

  async findFile(id: string, m: EntityManager = this.db.manager): Promise<FileRow | null> {
    const [row] = await this.findFiles(m, [id]);
    return row ?? null;
  }

  async findFiles(m: EntityManager, ids: string[]): Promise<FileRow[]> {
    if (ids.length === 0) return [];
    return m.query<FileRow[]>(`${FILE_ROW} WHERE f.id = ANY($1::uuid[])`, [ids]);
  }

  async courseFiles(courseId: string, m: EntityManager = this.db.manager): Promise<FileRow[]> {
    return m.query<FileRow[]>(`${FILE_ROW} WHERE f.course_id = $1 ORDER BY f.created_at DESC, f.id`, [courseId]);
  }

  /**
   * True when the account's person is enrolled on a version with a lesson that uses the file: as the lesson's
   * file, or embedded in its text (`/files/<id>` images). The file must belong to that course: a lesson's text
   * naming another course's file (any /files/<uuid> passes the sanitiser) opens nothing.
   */
  async learnerMayOpen(fileId: string, accountId: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `SELECT 1
         FROM enrolment e
         JOIN person p ON p.id = e.person_id
         JOIN course_file f ON f.id = $1 AND f.course_id = e.course_id
         JOIN lesson l ON l.version_id = e.version_id
                      AND (l.file_id = $1 OR strpos(l.body_html, '/files/' || $1::text) > 0)
        WHERE p.account_id = $2
        LIMIT 1`,
      [fileId, accountId],
    );
    return rows.length > 0;
  }
}
