import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { vietnameseOrder } from '@app/db';
import { CatalogueItem, LearnerCourseStatus, LearnerLessonKind } from './dto/learner.dto';

export interface CourseRow {
  id: string;
  status: LearnerCourseStatus;
  openEnrolment: boolean;
  publishedVersionId: string | null;
}

export type VersionRow = Omit<CatalogueItem, 'enrolment'>;

export interface OutlineRow {
  moduleId: string;
  modulePosition: number;
  moduleTitle: string;
  lessonId: string | null;
  position: number | null;
  kind: LearnerLessonKind | null;
  title: string | null;
  required: boolean | null;
  estimatedMinutes: number | null;
  completedAt: Date | null;
}

export interface LessonRow {
  id: string;
  versionId: string;
  moduleId: string;
  modulePosition: number;
  moduleTitle: string;
  position: number;
  kind: LearnerLessonKind;
  title: string;
  bodyHtml: string;
  url: string | null;
  fileId: string | null;
  fileName: string | null;
  fileContentType: string | null;
  fileSizeBytes: number | null;
  /** The uploaded file's playing time, read when it was uploaded; null when unknown (or no file). */
  fileDurationSeconds: number | null;
  required: boolean;
  estimatedMinutes: number | null;
}

const VERSION_COLUMNS = `c.id, c.code, c.status, c.open_enrolment AS "openEnrolment", v.id AS "versionId",
  v.version_no AS "versionNo", v.title, v.summary, v.language, v.tags, v.estimated_minutes AS "estimatedMinutes",
  v.final_exam AS "finalExam"`;

/**
 * Read model of the authored course tables for the learner side (courses, versions, modules, lessons, files).
 * Authoring owns the writes; this only reads.
 */
@Injectable()
export class LearnerCatalogueRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Published courses open to self-enrolment plus those the person is enrolled in (any status), each with the
   * version the person sees; `q` is matched on course_version.search_key (idx_course_version_search_key, trigram),
   * on the course's code ("QCN-CB", "qcn") and, through `topics` (the tags whose code or label the query names:
   * topicTagsMatching), on the course's topics ("CEDAW").
   */
  async list(
    personId: string | null,
    filter: { q?: string; topics?: string[]; tag?: string; limit: number; offset: number },
  ): Promise<{ items: CatalogueItem[]; total: number }> {
    const rows = await this.db.query<
      Array<
        VersionRow & {
          enrolmentId: string | null;
          progressPercent: number | null;
          completedAt: Date | null;
          total: number;
        }
      >
    >(
      `SELECT ${VERSION_COLUMNS}, e.id AS "enrolmentId", e.progress_percent AS "progressPercent",
              e.completed_at AS "completedAt", count(*) OVER ()::int AS total
         FROM course c
         LEFT JOIN enrolment e ON e.course_id = c.id AND e.person_id = $1
         JOIN course_version v ON v.id = coalesce(e.version_id, c.published_version_id)
        WHERE (e.id IS NOT NULL OR (c.status = 'published' AND c.open_enrolment))
          AND ($2::text IS NULL OR v.search_key LIKE '%' || f_search_key($2) || '%'
               OR f_search_key(c.code) LIKE '%' || f_search_key($2) || '%' OR v.tags && $6::text[])
          AND ($3::text IS NULL OR $3 = ANY (v.tags))
        ORDER BY ${vietnameseOrder('v.title')}, c.code
        LIMIT $4 OFFSET $5`,
      [personId, filter.q ?? null, filter.tag ?? null, filter.limit, filter.offset, filter.topics ?? []],
    );
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map(({ enrolmentId, progressPercent, completedAt, total: _total, ...course }) => ({
        ...course,
        enrolment: enrolmentId
          ? { id: enrolmentId, progressPercent: progressPercent ?? 0, completedAt: completedAt?.toISOString() ?? null }
          : null,
      })),
    };
  }

  /** The topic tags used by the courses the catalogue shows the person, for the tag filter. */
  async tags(personId: string | null): Promise<string[]> {
    const rows = await this.db.query<Array<{ tag: string }>>(
      `SELECT DISTINCT unnest(v.tags) AS tag
         FROM course c
         LEFT JOIN enrolment e ON e.course_id = c.id AND e.person_id = $1
         JOIN course_version v ON v.id = coalesce(e.version_id, c.published_version_id)
        WHERE e.id IS NOT NULL OR (c.status = 'published' AND c.open_enrolment)
        ORDER BY 1`,
      [personId],
    );
    return rows.map((r) => r.tag);
  }

  async course(courseId: string, m: EntityManager = this.db.manager): Promise<CourseRow | null> {
    const rows = await m.query<CourseRow[]>(
      `SELECT id, status, open_enrolment AS "openEnrolment", published_version_id AS "publishedVersionId"
         FROM course WHERE id = $1`,
      [courseId],
    );
    return rows[0] ?? null;
  }

  async version(versionId: string, m: EntityManager = this.db.manager): Promise<VersionRow | null> {
    const rows = await m.query<VersionRow[]>(
      `SELECT ${VERSION_COLUMNS} FROM course_version v JOIN course c ON c.id = v.course_id WHERE v.id = $1`,
      [versionId],
    );
    return rows[0] ?? null;
  }

  /** Modules and lessons of a version in course order, with the enrolment's completions (idx_course_module_version_id). */
  outline(versionId: string, enrolmentId: string | null, m: EntityManager = this.db.manager): Promise<OutlineRow[]> {
    return m.query<OutlineRow[]>(
      `SELECT cm.id AS "moduleId", cm.position AS "modulePosition", cm.title AS "moduleTitle",
              l.id AS "lessonId", l.position, l.kind, l.title, l.required, l.estimated_minutes AS "estimatedMinutes",
              lp.completed_at AS "completedAt"
         FROM course_module cm
         LEFT JOIN lesson l ON l.module_id = cm.id
         LEFT JOIN lesson_progress lp ON lp.lesson_id = l.id AND lp.enrolment_id = $2
        WHERE cm.version_id = $1
        ORDER BY cm.position, cm.id, l.position, l.id`,
      [versionId, enrolmentId],
    );
  }

  async lesson(lessonId: string, m: EntityManager = this.db.manager): Promise<LessonRow | null> {
    const rows = await m.query<LessonRow[]>(
      `SELECT l.id, l.version_id AS "versionId", l.module_id AS "moduleId", cm.position AS "modulePosition",
              cm.title AS "moduleTitle", l.position, l.kind, l.title, l.body_html AS "bodyHtml", l.url,
              l.file_id AS "fileId", f.original_name AS "fileName", f.content_type AS "fileContentType",
              f.size_bytes::float8 AS "fileSizeBytes", f.duration_seconds::float8 AS "fileDurationSeconds", l.required, l.estimated_minutes AS "estimatedMinutes"
         FROM lesson l
         JOIN course_module cm ON cm.id = l.module_id
         LEFT JOIN course_file f ON f.id = l.file_id
        WHERE l.id = $1`,
      [lessonId],
    );
    return rows[0] ?? null;
  }
}
