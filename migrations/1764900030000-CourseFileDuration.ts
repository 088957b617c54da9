import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The playing time of an uploaded video or audio file, read from the file at upload (MP4 mvhd, WebM Info/Duration).
 * Null when unknown: files uploaded before this column, other types, files that do not say. A lesson on a file with
 * a known duration completes only when 90% of it has been watched; an unknown one keeps the "done" button.
 */
export class CourseFileDuration1764900030000 implements MigrationInterface {
  name = 'CourseFileDuration1764900030000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE course_file ADD COLUMN duration_seconds numeric(9,3)
      CONSTRAINT ck_course_file_duration_seconds CHECK (duration_seconds > 0 AND duration_seconds <= 86400)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE course_file DROP COLUMN duration_seconds`);
  }
}
