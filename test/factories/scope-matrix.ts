import type { DataSource } from 'typeorm';

/**
 * Everything about a course that a call could change, as one comparable string: the course row, its versions,
 * modules, lessons and files, the assignments of it, the enrolments in it with their progress and events. The scope
 * matrix compares it before and after every refused call (a refusal must leave no trace).
 */
export async function courseState(db: DataSource, courseId: string): Promise<string> {
  const q = (sql: string): Promise<unknown[]> => db.query(sql, [courseId]);
  const ofCourse = `JOIN course_version v ON v.id = x.version_id WHERE v.course_id = $1`;
  const ofEnrolment = `JOIN enrolment e ON e.id = x.enrolment_id WHERE e.course_id = $1`;
  const [course, versions, modules, lessons, files, assignments, enrolments, progress, events] = await Promise.all([
    q(`SELECT code, owner_unit_id, status, open_enrolment, published_version_id, draft_version_id, updated_at
         FROM course WHERE id = $1`),
    q(`SELECT id, version_no, title, summary, tags, estimated_minutes, final_exam, published_at
         FROM course_version WHERE course_id = $1 ORDER BY version_no`),
    q(`SELECT x.id, x.version_id, x.position, x.title FROM course_module x ${ofCourse} ORDER BY x.id`),
    q(`SELECT x.id, x.module_id, x.position, x.kind, x.title, x.body_html, x.url, x.file_id, x.required
         FROM lesson x ${ofCourse} ORDER BY x.id`),
    q(`SELECT id, storage_key, size_bytes FROM course_file WHERE course_id = $1 ORDER BY id`),
    q(`SELECT id, unit_id, status, due_date::text AS due_date FROM assignment WHERE course_id = $1 ORDER BY id`),
    q(`SELECT id, person_id, version_id, source, started_at, completed_at, last_lesson_id, progress_percent
         FROM enrolment WHERE course_id = $1 ORDER BY id`),
    q(`SELECT x.enrolment_id, x.lesson_id, x.completed_at, x.video_position_seconds, x.video_watched_seconds
         FROM lesson_progress x ${ofEnrolment} ORDER BY x.enrolment_id, x.lesson_id`),
    q(`SELECT x.enrolment_id, x.lesson_id, x.kind FROM learning_event x ${ofEnrolment} ORDER BY x.id`),
  ]);
  return JSON.stringify({ course, versions, modules, lessons, files, assignments, enrolments, progress, events });
}

/** How many courses a unit owns (what a refused "new course" must not change). */
export async function coursesOwnedBy(db: DataSource, unitId: string): Promise<string> {
  const rows = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM course WHERE owner_unit_id = $1`, [
    unitId,
  ]);
  return String(rows[0].n);
}

/** The enrolment of a person in a course (made by an assignment job or a self-enrolment). */
export async function enrolmentOf(db: DataSource, personId: string, courseId: string): Promise<string> {
  const rows = await db.query<Array<{ id: string }>>(
    `SELECT id FROM enrolment WHERE person_id = $1 AND course_id = $2`,
    [personId, courseId],
  );
  if (!rows[0]) throw new Error(`person ${personId} is not enrolled in course ${courseId}`);
  return rows[0].id;
}
