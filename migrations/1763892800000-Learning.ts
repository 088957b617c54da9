import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Courses and learning: courses with versions (a published version never changes; editing makes a new draft),
 * modules and lessons, uploaded files, enrolments (one per person and course, bound to the version the person
 * started), lesson progress, learning events (each recorded once), assignments of a course to a unit subtree ×
 * roles with a due date, the people each assignment enrolled, and the reminders already sent.
 */
export class Learning1763892800000 implements MigrationInterface {
  name = 'Learning1763892800000';

  async up(q: QueryRunner): Promise<void> {
    // A course is owned by a unit: its organisers (and administrators) author it.
    // published_version_id: what new enrolments get; draft_version_id: the version being edited, if any.
    await q.query(`CREATE TABLE course (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_course PRIMARY KEY,
      code varchar(40) NOT NULL,
      owner_unit_id uuid NOT NULL CONSTRAINT fk_course_owner_unit_id REFERENCES org_unit(id),
      status varchar(10) NOT NULL DEFAULT 'draft'
        CONSTRAINT ck_course_status CHECK (status IN ('draft','published','archived')),
      open_enrolment boolean NOT NULL DEFAULT true,
      published_version_id uuid,
      draft_version_id uuid,
      created_by uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX uq_course_code ON course (lower(code))`);
    await q.query(`CREATE INDEX idx_course_owner_unit_id ON course (owner_unit_id)`);

    await q.query(`CREATE TABLE course_version (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_course_version PRIMARY KEY,
      course_id uuid NOT NULL CONSTRAINT fk_course_version_course_id REFERENCES course(id) ON DELETE CASCADE,
      version_no int NOT NULL CONSTRAINT ck_course_version_version_no CHECK (version_no > 0),
      title varchar(300) NOT NULL,
      summary text NOT NULL DEFAULT '',
      search_key text GENERATED ALWAYS AS (f_search_key(title || ' ' || summary)) STORED,
      language varchar(2) NOT NULL DEFAULT 'vi' CONSTRAINT ck_course_version_language CHECK (language IN ('vi','en')),
      tags text[] NOT NULL DEFAULT '{}',
      estimated_minutes int CONSTRAINT ck_course_version_estimated_minutes CHECK (estimated_minutes > 0),
      final_exam boolean NOT NULL DEFAULT false,
      created_by uuid,
      created_at timestamptz NOT NULL,
      published_at timestamptz,
      published_by uuid,
      CONSTRAINT uq_course_version_course_id_version_no UNIQUE (course_id, version_no)
    )`);
    await q.query(`CREATE INDEX idx_course_version_search_key ON course_version USING gin (search_key gin_trgm_ops)`);
    await q.query(`ALTER TABLE course
      ADD CONSTRAINT fk_course_published_version_id FOREIGN KEY (published_version_id) REFERENCES course_version(id),
      ADD CONSTRAINT fk_course_draft_version_id FOREIGN KEY (draft_version_id) REFERENCES course_version(id)`);

    await q.query(`CREATE TABLE course_module (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_course_module PRIMARY KEY,
      version_id uuid NOT NULL CONSTRAINT fk_course_module_version_id REFERENCES course_version(id) ON DELETE CASCADE,
      position int NOT NULL,
      title varchar(300) NOT NULL
    )`);
    await q.query(`CREATE INDEX idx_course_module_version_id ON course_module (version_id, position)`);

    // Files belong to the course, not to a version: a new version's lessons point at the same files.
    await q.query(`CREATE TABLE course_file (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_course_file PRIMARY KEY,
      course_id uuid NOT NULL CONSTRAINT fk_course_file_course_id REFERENCES course(id) ON DELETE CASCADE,
      storage_key varchar(300) NOT NULL CONSTRAINT uq_course_file_storage_key UNIQUE,
      original_name varchar(255) NOT NULL,
      content_type varchar(120) NOT NULL,
      size_bytes bigint NOT NULL,
      sha256 char(64) NOT NULL,
      uploaded_by uuid,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX idx_course_file_course_id ON course_file (course_id)`);

    // text: body_html (sanitised); video: an uploaded file or an external url; document: a file; link: a url.
    await q.query(`CREATE TABLE lesson (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_lesson PRIMARY KEY,
      version_id uuid NOT NULL CONSTRAINT fk_lesson_version_id REFERENCES course_version(id) ON DELETE CASCADE,
      module_id uuid NOT NULL CONSTRAINT fk_lesson_module_id REFERENCES course_module(id) ON DELETE CASCADE,
      position int NOT NULL,
      kind varchar(10) NOT NULL CONSTRAINT ck_lesson_kind CHECK (kind IN ('text','video','document','link')),
      title varchar(300) NOT NULL,
      body_html text NOT NULL DEFAULT '',
      url varchar(2000),
      file_id uuid CONSTRAINT fk_lesson_file_id REFERENCES course_file(id),
      required boolean NOT NULL DEFAULT true,
      estimated_minutes int CONSTRAINT ck_lesson_estimated_minutes CHECK (estimated_minutes > 0),
      CONSTRAINT ck_lesson_content CHECK (
        (kind = 'text') OR
        (kind = 'video' AND (url IS NOT NULL OR file_id IS NOT NULL)) OR
        (kind = 'document' AND (file_id IS NOT NULL OR url IS NOT NULL)) OR
        (kind = 'link' AND url IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX idx_lesson_module_id ON lesson (module_id, position)`);
    await q.query(`CREATE INDEX idx_lesson_version_id ON lesson (version_id)`);
    await q.query(`CREATE INDEX idx_lesson_file_id ON lesson (file_id)`);

    // One enrolment per person and course, on the version current when it was made (learners keep theirs).
    // due_date: the earliest due date of the active assignments that enrolled the person (null when none).
    await q.query(`CREATE TABLE enrolment (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_enrolment PRIMARY KEY,
      person_id uuid NOT NULL CONSTRAINT fk_enrolment_person_id REFERENCES person(id) ON DELETE CASCADE,
      course_id uuid NOT NULL CONSTRAINT fk_enrolment_course_id REFERENCES course(id),
      version_id uuid NOT NULL CONSTRAINT fk_enrolment_version_id REFERENCES course_version(id),
      source varchar(12) NOT NULL CONSTRAINT ck_enrolment_source CHECK (source IN ('self','assignment')),
      enrolled_at timestamptz NOT NULL,
      due_date date,
      started_at timestamptz,
      completed_at timestamptz,
      last_lesson_id uuid CONSTRAINT fk_enrolment_last_lesson_id REFERENCES lesson(id),
      progress_percent smallint NOT NULL DEFAULT 0
        CONSTRAINT ck_enrolment_progress_percent CHECK (progress_percent BETWEEN 0 AND 100),
      exam_passed_at timestamptz,
      CONSTRAINT uq_enrolment_person_id_course_id UNIQUE (person_id, course_id)
    )`);
    await q.query(`CREATE INDEX idx_enrolment_course_id ON enrolment (course_id)`);
    await q.query(`CREATE INDEX idx_enrolment_version_id ON enrolment (version_id)`);
    await q.query(`CREATE INDEX idx_enrolment_due_date_open ON enrolment (due_date) WHERE completed_at IS NULL`);

    await q.query(`CREATE TABLE lesson_progress (
      enrolment_id uuid NOT NULL CONSTRAINT fk_lesson_progress_enrolment_id REFERENCES enrolment(id) ON DELETE CASCADE,
      lesson_id uuid NOT NULL CONSTRAINT fk_lesson_progress_lesson_id REFERENCES lesson(id),
      first_viewed_at timestamptz NOT NULL,
      last_viewed_at timestamptz NOT NULL,
      completed_at timestamptz,
      video_duration_seconds numeric(9,2),
      video_position_seconds numeric(9,2),
      video_watched_seconds numeric(9,2) NOT NULL DEFAULT 0,
      CONSTRAINT pk_lesson_progress PRIMARY KEY (enrolment_id, lesson_id)
    )`);
    await q.query(`CREATE INDEX idx_lesson_progress_lesson_id ON lesson_progress (lesson_id)`);

    // Each event once: a second "done" on the same lesson records nothing.
    await q.query(`CREATE TABLE learning_event (
      id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_learning_event PRIMARY KEY,
      enrolment_id uuid NOT NULL CONSTRAINT fk_learning_event_enrolment_id REFERENCES enrolment(id) ON DELETE CASCADE,
      lesson_id uuid CONSTRAINT fk_learning_event_lesson_id REFERENCES lesson(id),
      kind varchar(20) NOT NULL CONSTRAINT ck_learning_event_kind
        CHECK (kind IN ('enrolled','started','lesson_completed','course_completed','exam_passed')),
      at timestamptz NOT NULL,
      CONSTRAINT uq_learning_event_enrolment_id_lesson_id_kind UNIQUE NULLS NOT DISTINCT (enrolment_id, lesson_id, kind)
    )`);

    // An organiser assigns a course to the people of a unit subtree holding one of some roles, by a due date.
    await q.query(`CREATE TABLE assignment (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_assignment PRIMARY KEY,
      course_id uuid NOT NULL CONSTRAINT fk_assignment_course_id REFERENCES course(id),
      unit_id uuid NOT NULL CONSTRAINT fk_assignment_unit_id REFERENCES org_unit(id),
      due_date date NOT NULL,
      status varchar(10) NOT NULL DEFAULT 'active' CONSTRAINT ck_assignment_status CHECK (status IN ('active','cancelled')),
      created_by uuid,
      created_at timestamptz NOT NULL,
      cancelled_at timestamptz,
      member_count int NOT NULL DEFAULT 0,
      synced_at timestamptz
    )`);
    await q.query(`CREATE INDEX idx_assignment_unit_id ON assignment (unit_id)`);
    await q.query(`CREATE INDEX idx_assignment_course_id ON assignment (course_id)`);

    await q.query(`CREATE TABLE assignment_role (
      assignment_id uuid NOT NULL CONSTRAINT fk_assignment_role_assignment_id REFERENCES assignment(id) ON DELETE CASCADE,
      role_id uuid NOT NULL CONSTRAINT fk_assignment_role_role_id REFERENCES role(id),
      CONSTRAINT pk_assignment_role PRIMARY KEY (assignment_id, role_id)
    )`);
    await q.query(`CREATE INDEX idx_assignment_role_role_id ON assignment_role (role_id)`);

    // The people an assignment enrolled (also those who joined the subtree or role later).
    await q.query(`CREATE TABLE assignment_member (
      assignment_id uuid NOT NULL CONSTRAINT fk_assignment_member_assignment_id REFERENCES assignment(id) ON DELETE CASCADE,
      person_id uuid NOT NULL CONSTRAINT fk_assignment_member_person_id REFERENCES person(id) ON DELETE CASCADE,
      enrolment_id uuid NOT NULL CONSTRAINT fk_assignment_member_enrolment_id REFERENCES enrolment(id) ON DELETE CASCADE,
      added_at timestamptz NOT NULL,
      CONSTRAINT pk_assignment_member PRIMARY KEY (assignment_id, person_id)
    )`);
    await q.query(`CREATE INDEX idx_assignment_member_person_id ON assignment_member (person_id)`);
    await q.query(`CREATE INDEX idx_assignment_member_enrolment_id ON assignment_member (enrolment_id)`);

    // A reminder is sent at most once per enrolment, kind and due date (a new due date may be reminded again).
    await q.query(`CREATE TABLE reminder_sent (
      enrolment_id uuid NOT NULL CONSTRAINT fk_reminder_sent_enrolment_id REFERENCES enrolment(id) ON DELETE CASCADE,
      kind varchar(10) NOT NULL CONSTRAINT ck_reminder_sent_kind CHECK (kind IN ('due_soon','overdue')),
      due_date date NOT NULL,
      sent_at timestamptz NOT NULL,
      outbox_message_id uuid CONSTRAINT fk_reminder_sent_outbox_message_id REFERENCES outbox_message(id) ON DELETE SET NULL,
      CONSTRAINT pk_reminder_sent PRIMARY KEY (enrolment_id, kind, due_date)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'reminder_sent',
      'assignment_member',
      'assignment_role',
      'assignment',
      'learning_event',
      'lesson_progress',
      'enrolment',
      'lesson',
      'course_file',
      'course_module',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(
      `ALTER TABLE course DROP CONSTRAINT fk_course_published_version_id, DROP CONSTRAINT fk_course_draft_version_id`,
    );
    await q.query(`DROP TABLE course_version`);
    await q.query(`DROP TABLE course`);
  }
}
