import type { DataSource } from 'typeorm';

/**
 * Makes a course count for every target that applies everywhere (no scope unit): for the seeders, whose demo course
 * is the programme's course (libs/learning's demo course, assigned to the four target roles). Idempotent; the next
 * upkeep recomputes the facts (the targets' version moves only when a course was added).
 */
export async function countProgrammeCourse(db: DataSource, courseId: string): Promise<number> {
  return db.transaction(async (m) => {
    const rows = await m.query<unknown[]>(
      `INSERT INTO coverage_target_course (target_id, course_id)
       SELECT t.id, c.id FROM coverage_target t JOIN course c ON c.id = $1
        WHERE t.scope_unit_id IS NULL
       ON CONFLICT ON CONSTRAINT pk_coverage_target_course DO NOTHING
       RETURNING target_id`,
      [courseId],
    );
    if (rows.length > 0) await m.query(`UPDATE coverage_state SET targets_version = targets_version + 1 WHERE id = 1`);
    return rows.length;
  });
}
