import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Question statistics (issue 9 point 5), computed by the `exams.question-stats` job from an exam's graded attempts,
 * one row per question version drawn: how many papers had it (`attempts`), the facility index (mean credit, 0–1),
 * the discrimination index (correlation of the question's credit with the rest of the paper's score; null when
 * either does not vary), how many answered it, and how many times each option was chosen (`option_counts`,
 * key → count). A run replaces the exam's rows.
 */
export class QuestionStats1765047320000 implements MigrationInterface {
  name = 'QuestionStats1765047320000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE question_stat (
      exam_id uuid NOT NULL CONSTRAINT fk_question_stat_exam_id REFERENCES exam(id) ON DELETE CASCADE,
      question_version_id uuid NOT NULL
        CONSTRAINT fk_question_stat_question_version_id REFERENCES question_version(id) ON DELETE CASCADE,
      attempts int NOT NULL,
      answered int NOT NULL,
      facility numeric(5,4) NOT NULL,
      discrimination numeric(5,4),
      option_counts jsonb NOT NULL DEFAULT '{}',
      computed_at timestamptz NOT NULL,
      CONSTRAINT pk_question_stat PRIMARY KEY (exam_id, question_version_id)
    )`);
    await q.query(`CREATE INDEX idx_question_stat_question_version_id ON question_stat (question_version_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE question_stat`);
  }
}
