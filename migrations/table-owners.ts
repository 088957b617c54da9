/**
 * Which library owns each table: the one whose migration created it, and the only one whose SQL may write it
 * (libs/db/src/table-ownership.spec.ts checks both: every table a migration creates is listed here, and no library
 * writes another's table). Other libraries change a table through its owner's services or exported functions, and
 * read it through its owner's query API or a documented SQL fragment it exports. A new table comes with its line.
 */
export const TABLE_OWNERS: Readonly<Record<string, string>> = {
  audit_log: 'audit',
  job_run: 'jobs',
  // org: units, roles, the roster and its history, headcounts, imports, the change log
  org_unit: 'org',
  org_unit_closure: 'org',
  org_unit_version: 'org',
  role: 'org',
  person: 'org',
  person_membership: 'org',
  person_role: 'org',
  person_status_period: 'org',
  unit_headcount: 'org',
  unit_headcount_change: 'org',
  import_batch: 'org',
  restructure_plan: 'org',
  roster_change: 'org',
  roster_change_cursor: 'org',
  unit_people_count: 'org',
  unit_people_count_state: 'org',
  // identity: accounts, grants, logins, sessions, invitations, registrations
  account: 'identity',
  account_grant: 'identity',
  login_failure: 'identity',
  web_session: 'identity',
  account_invitation: 'identity',
  registration_attempt: 'identity',
  // mail: the outbox (created by the Invitations migration, written only by libs/mail)
  outbox_message: 'mail',
  // learning
  course: 'learning',
  course_version: 'learning',
  course_module: 'learning',
  course_file: 'learning',
  lesson: 'learning',
  enrolment: 'learning',
  lesson_progress: 'learning',
  learning_event: 'learning',
  assignment: 'learning',
  assignment_role: 'learning',
  assignment_member: 'learning',
  reminder_sent: 'learning',
  // exams
  question: 'exams',
  question_version: 'exams',
  exam: 'exams',
  exam_question: 'exams',
  exam_attempt: 'exams',
  exam_attempt_question: 'exams',
  exam_answer: 'exams',
  question_import_batch: 'exams',
  question_stat: 'exams',
  // certificates
  certificate_authority: 'certificates',
  course_certificate: 'certificates',
  certificate_serial: 'certificates',
  certificate: 'certificates',
  certificate_reminder: 'certificates',
  verification_window: 'certificates',
  // training: training done elsewhere
  external_training: 'training',
  external_training_role: 'training',
  // exports
  export_request: 'exports',
  open_data_file: 'exports',
  // exports: statutory reports
  report_receiver: 'exports',
  statutory_report: 'exports',
  statutory_report_submission: 'exports',
  // coverage: targets, and the rollups it keeps from the roster change log
  coverage_target: 'coverage',
  coverage_target_course: 'coverage',
  coverage_fact: 'coverage',
  coverage_unit_self: 'coverage',
  coverage_rollup: 'coverage',
  coverage_snapshot: 'coverage',
  coverage_snapshot_month: 'coverage',
  coverage_state: 'coverage',
  // training: in-person sessions
  training_session: 'training',
  training_session_target_role: 'training',
  training_session_counting_role: 'training',
  training_session_invitee: 'training',
  training_attendance: 'training',
};
