import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Knowledge contests (issue 9 point 6): an exam of kind 'contest' spreads its participants' starts over
 * `stagger_minutes` from its opening (each person's start is fixed by a hash of exam and person, so the load at
 * opening time is flat), and shows people on its leaderboard by full name, initials or not at all
 * (`leaderboard_names`). Both are ignored by other kinds of exams.
 */
export class ExamContests1765047310000 implements MigrationInterface {
  name = 'ExamContests1765047310000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exam
      ADD COLUMN stagger_minutes int NOT NULL DEFAULT 0
        CONSTRAINT ck_exam_stagger_minutes CHECK (stagger_minutes BETWEEN 0 AND 240),
      ADD COLUMN leaderboard_names varchar(8) NOT NULL DEFAULT 'initials'
        CONSTRAINT ck_exam_leaderboard_names CHECK (leaderboard_names IN ('full','initials','hidden')),
      ADD CONSTRAINT ck_exam_stagger_opens CHECK (stagger_minutes = 0 OR opens_at IS NOT NULL)`);
    // The leaderboards read every graded attempt of a contest.
    await q.query(`CREATE INDEX idx_exam_attempt_exam_id_graded ON exam_attempt (exam_id, person_id)
      WHERE status <> 'in_progress'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_exam_attempt_exam_id_graded`);
    await q.query(`ALTER TABLE exam DROP CONSTRAINT ck_exam_stagger_opens, DROP COLUMN leaderboard_names,
      DROP COLUMN stagger_minutes`);
  }
}
