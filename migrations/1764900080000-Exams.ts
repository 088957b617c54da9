import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exams: the question bank (questions with versions), exams of a course (draw spec, timing, pass mark, attempts,
 * review policy), attempts with their drawn paper, and the saved answers.
 *
 * Sharing: a question belongs to one course (its home bank: whoever authors that course edits it). With `shared`
 * set, the exams of every course owned by the same unit as the home course may draw it too. The owner unit is not
 * copied onto the question, so moving a course to another owner moves its bank with it.
 *
 * Versions: a question's content lives in question_version. Once a version has been drawn into an attempt it never
 * changes: editing the question then adds version n+1, which later draws use; past papers keep theirs.
 */
export class Exams1764900080000 implements MigrationInterface {
  name = 'Exams1764900080000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE question (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_question PRIMARY KEY,
      course_id uuid NOT NULL CONSTRAINT fk_question_course_id REFERENCES course(id) ON DELETE CASCADE,
      name varchar(255) NOT NULL,
      shared boolean NOT NULL DEFAULT false,
      current_version_id uuid,
      archived_at timestamptz,
      created_by uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    // A name is unique within the home bank, ignoring case (Moodle's <name>, matched on re-import).
    await q.query(`CREATE UNIQUE INDEX uq_question_course_id_name ON question (course_id, lower(name))`);

    await q.query(`CREATE TABLE question_version (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_question_version PRIMARY KEY,
      question_id uuid NOT NULL CONSTRAINT fk_question_version_question_id REFERENCES question(id) ON DELETE CASCADE,
      version_no int NOT NULL CONSTRAINT ck_question_version_version_no CHECK (version_no > 0),
      type varchar(20) NOT NULL CONSTRAINT ck_question_version_type
        CHECK (type IN ('single_choice','multiple_choice','true_false','short_answer')),
      stem text NOT NULL,
      options jsonb NOT NULL DEFAULT '[]',
      short_answer jsonb,
      topics text[] NOT NULL DEFAULT '{}',
      difficulty varchar(10) CONSTRAINT ck_question_version_difficulty CHECK (difficulty IN ('easy','medium','hard')),
      explanation text,
      created_by uuid,
      created_at timestamptz NOT NULL,
      CONSTRAINT uq_question_version_question_id_version_no UNIQUE (question_id, version_no)
    )`);
    await q.query(`ALTER TABLE question ADD CONSTRAINT fk_question_current_version_id
      FOREIGN KEY (current_version_id) REFERENCES question_version(id) DEFERRABLE INITIALLY DEFERRED`);
    await q.query(`CREATE INDEX idx_question_version_topics ON question_version USING gin (topics)`);

    // One final exam per course (uq_exam_course_id_final); draw_mode 'topics' uses draw_topics
    // ([{topic, count}]), 'fixed' the exam_question rows. closes_at bounds every attempt's deadline.
    await q.query(`CREATE TABLE exam (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_exam PRIMARY KEY,
      course_id uuid NOT NULL CONSTRAINT fk_exam_course_id REFERENCES course(id) ON DELETE CASCADE,
      title varchar(300) NOT NULL,
      kind varchar(10) NOT NULL CONSTRAINT ck_exam_kind CHECK (kind IN ('final','practice','contest')),
      draw_mode varchar(10) NOT NULL CONSTRAINT ck_exam_draw_mode CHECK (draw_mode IN ('topics','fixed')),
      draw_topics jsonb NOT NULL DEFAULT '[]',
      time_limit_minutes int NOT NULL CONSTRAINT ck_exam_time_limit_minutes CHECK (time_limit_minutes BETWEEN 1 AND 1440),
      pass_percent numeric(5,2) NOT NULL CONSTRAINT ck_exam_pass_percent CHECK (pass_percent BETWEEN 0 AND 100),
      attempts_allowed int CONSTRAINT ck_exam_attempts_allowed CHECK (attempts_allowed > 0),
      attempt_rule varchar(4) NOT NULL DEFAULT 'best' CONSTRAINT ck_exam_attempt_rule CHECK (attempt_rule IN ('best','last')),
      shuffle_questions boolean NOT NULL DEFAULT true,
      shuffle_options boolean NOT NULL DEFAULT true,
      opens_at timestamptz,
      closes_at timestamptz,
      review_policy varchar(12) NOT NULL DEFAULT 'score_only'
        CONSTRAINT ck_exam_review_policy CHECK (review_policy IN ('score_only','with_answers','after_close')),
      created_by uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT ck_exam_window CHECK (opens_at IS NULL OR closes_at IS NULL OR closes_at > opens_at)
    )`);
    await q.query(`CREATE INDEX idx_exam_course_id ON exam (course_id)`);
    await q.query(`CREATE UNIQUE INDEX uq_exam_course_id_final ON exam (course_id) WHERE kind = 'final'`);

    await q.query(`CREATE TABLE exam_question (
      exam_id uuid NOT NULL CONSTRAINT fk_exam_question_exam_id REFERENCES exam(id) ON DELETE CASCADE,
      question_id uuid NOT NULL CONSTRAINT fk_exam_question_question_id REFERENCES question(id) ON DELETE CASCADE,
      position int NOT NULL,
      CONSTRAINT pk_exam_question PRIMARY KEY (exam_id, question_id)
    )`);
    await q.query(`CREATE INDEX idx_exam_question_question_id ON exam_question (question_id)`);

    // pass_percent is copied at start so that editing the exam never changes a running or past attempt's result.
    // submitted_at: when it was graded as of (the deadline for an expired attempt).
    await q.query(`CREATE TABLE exam_attempt (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_exam_attempt PRIMARY KEY,
      exam_id uuid NOT NULL CONSTRAINT fk_exam_attempt_exam_id REFERENCES exam(id) ON DELETE CASCADE,
      person_id uuid NOT NULL CONSTRAINT fk_exam_attempt_person_id REFERENCES person(id) ON DELETE CASCADE,
      enrolment_id uuid CONSTRAINT fk_exam_attempt_enrolment_id REFERENCES enrolment(id) ON DELETE SET NULL,
      attempt_no int NOT NULL CONSTRAINT ck_exam_attempt_attempt_no CHECK (attempt_no > 0),
      seed bigint NOT NULL,
      started_at timestamptz NOT NULL,
      deadline_at timestamptz NOT NULL,
      status varchar(12) NOT NULL DEFAULT 'in_progress'
        CONSTRAINT ck_exam_attempt_status CHECK (status IN ('in_progress','submitted','expired')),
      pass_percent numeric(5,2) NOT NULL,
      score numeric(9,3),
      max_score numeric(9,3),
      percent numeric(5,2),
      passed boolean,
      submitted_at timestamptz,
      CONSTRAINT uq_exam_attempt_exam_id_person_id_attempt_no UNIQUE (exam_id, person_id, attempt_no),
      CONSTRAINT ck_exam_attempt_graded CHECK (status = 'in_progress' OR (submitted_at IS NOT NULL AND passed IS NOT NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX uq_exam_attempt_exam_id_person_id_in_progress
      ON exam_attempt (exam_id, person_id) WHERE status = 'in_progress'`);
    await q.query(`CREATE INDEX idx_exam_attempt_person_id ON exam_attempt (person_id, exam_id)`);
    await q.query(`CREATE INDEX idx_exam_attempt_enrolment_id ON exam_attempt (enrolment_id)`);
    // The overdue job's scan (ExamAttemptRepository.overdueIds).
    await q.query(`CREATE INDEX idx_exam_attempt_deadline_at_in_progress
      ON exam_attempt (deadline_at) WHERE status = 'in_progress'`);

    // The drawn paper: one row per question, in the order shown, with the order of its options.
    await q.query(`CREATE TABLE exam_attempt_question (
      attempt_id uuid NOT NULL CONSTRAINT fk_exam_attempt_question_attempt_id REFERENCES exam_attempt(id) ON DELETE CASCADE,
      question_version_id uuid NOT NULL
        CONSTRAINT fk_exam_attempt_question_question_version_id REFERENCES question_version(id),
      position int NOT NULL,
      option_order text[] NOT NULL DEFAULT '{}',
      score numeric(6,3),
      CONSTRAINT pk_exam_attempt_question PRIMARY KEY (attempt_id, question_version_id),
      CONSTRAINT uq_exam_attempt_question_attempt_id_position UNIQUE (attempt_id, position)
    )`);
    // "Has this version been drawn?" (editing makes a new version then) and the question statistics.
    await q.query(`CREATE INDEX idx_exam_attempt_question_question_version_id
      ON exam_attempt_question (question_version_id)`);

    // Only questions of the paper can be answered (the foreign key on the pair).
    await q.query(`CREATE TABLE exam_answer (
      attempt_id uuid NOT NULL,
      question_version_id uuid NOT NULL,
      response jsonb NOT NULL,
      saved_at timestamptz NOT NULL,
      CONSTRAINT pk_exam_answer PRIMARY KEY (attempt_id, question_version_id),
      CONSTRAINT fk_exam_answer_attempt_question FOREIGN KEY (attempt_id, question_version_id)
        REFERENCES exam_attempt_question(attempt_id, question_version_id) ON DELETE CASCADE
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'exam_answer',
      'exam_attempt_question',
      'exam_attempt',
      'exam_question',
      'exam',
      'question_version',
      'question',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
  }
}
