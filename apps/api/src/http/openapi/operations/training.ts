import type { OperationDoc } from '../operation-doc';
import { WHO } from './who';

const SESSION =
  'An in-person training session (buổi tập huấn: `training`; hội thảo: `workshop`; tọa đàm: `seminar`), organised by a ' +
  'unit; attendance at a session that counts for some roles gives a certificate that counts as training for them.';

/** In-person sessions and their attendance (điểm danh); training done elsewhere (đào tạo ngoài hệ thống). */
export const TRAINING_DOCS: Record<string, OperationDoc> = {
  TrainingSessionsController_create: {
    summary: 'Create a training session',
    description:
      SESSION +
      ' Title, kind, topics, organiser unit, target roles, the roles whose targets it counts for, start and end (with ' +
      'their offset, Vietnam time +07:00; at most 31 days), place or online URL, capacity, trainers. ' +
      WHO.trainingManage,
  },
  TrainingSessionsController_list: {
    summary: 'List training sessions',
    description:
      'Sessions organised by units in the caller’s subtree, and those the caller is invited to; `month` (YYYY-MM) for ' +
      'a calendar. Who: any signed-in account (a learner sees the sessions they are invited to).',
  },
  TrainingSessionsController_get: {
    summary: 'Get a training session',
    description: SESSION + ' For its readers (organising subtree) and its invitees; others get 404. ' + WHO.anyAccount,
  },
  TrainingSessionsController_update: {
    summary: 'Edit a training session',
    description: 'Replaces the session’s details (the same fields as when creating it). ' + WHO.trainingManage,
  },
  TrainingSessionsController_invite: {
    summary: 'Invite people to a training session',
    description:
      'Invites the people of a unit’s subtree who hold one of `roleIds`, or people picked from the roster (`personIds`); ' +
      'past the capacity they wait on a waiting list. ' +
      WHO.trainingManage,
    errors: { 409: 'the session is over: record its attendance instead' },
  },
  TrainingSessionsController_invitees: {
    summary: 'List a session’s invitees',
    description: 'Who is invited, with their answer (invited, confirmed, declined, waiting). ' + WHO.trainingRead,
  },
  TrainingSessionsController_respond: {
    summary: 'Answer an invitation to a session',
    description:
      'Confirm or decline, by the invited person or an organiser over them; closes when the session starts. Who: the ' +
      'person, or `admin` / `organiser` over them.',
    errors: { 409: 'the session is full' },
  },
  TrainingSessionsController_expected: {
    summary: 'Get a session’s attendance list',
    description:
      'The expected people (invitees and walk-ins) with their attendance mark (điểm danh); `q` searches names without ' +
      'diacritics. ' +
      WHO.trainingRead,
  },
  TrainingSessionsController_mark: {
    summary: 'Mark one person’s attendance',
    description:
      '`present`, `absent` or `excused` for one person, a walk-in from the organiser’s roster too; marking twice keeps ' +
      'one record. ' +
      WHO.trainingManage,
    errors: { 409: 'the attendance is already final' },
  },
  TrainingSessionsController_walkIns: {
    summary: 'Search walk-ins for a session',
    description:
      'People of the organiser’s roster not on the list yet, by name (`q`, without diacritics): walk-ins to add. ' +
      WHO.trainingManage,
  },
  TrainingSessionsController_close: {
    summary: 'Make a session’s attendance final',
    description:
      'From the session’s last day: the attendance can no longer change, and the certificates of a session that counts ' +
      'are issued to those present. ' +
      WHO.trainingManage,
    errors: { 409: 'the attendance is already final' },
  },
  TrainingSessionsController_putSheet: {
    summary: 'Upload the signed attendance sheet',
    description:
      'The signed paper attendance sheet (multipart field `file`: PDF, JPEG or PNG by content, ≤ 10 MB), kept as evidence. ' +
      WHO.trainingManage,
  },
  TrainingSessionsController_getSheet: {
    summary: 'Download the signed attendance sheet',
    description: 'The sheet as uploaded (PDF or image); 404 when none was uploaded. ' + WHO.trainingManage,
  },
  TrainingSessionsController_importAttendance: {
    summary: 'Import attendance from a file',
    description:
      'Attendance from a CSV or XLSX file (multipart field `file`; columns Mã cán bộ (employee code) / Họ và tên (full ' +
      'name), Điểm danh (attendance), Tỷ lệ (%) (share attended)): `dryRun=true` answers the row report and writes ' +
      'nothing; otherwise every row is written, or none (400 with the report) when a row is refused. For a session held ' +
      'before it was recorded here. ' +
      WHO.trainingManage,
  },

  ExternalTrainingController_create: {
    summary: 'Record training done elsewhere',
    description:
      'A record of training done outside the platform (e.g. a workshop run by a ministry), with its evidence: ' +
      'multipart/form-data with the fields first (title, organiser, dates, hours, topics; `personId` when an organiser ' +
      'records it for a person of their subtree), then the evidence in `file` (PDF, JPEG or PNG by content, ≤ 10 MB). ' +
      'Pending until an organiser approves it. Who: a learner for themselves, or `admin` / `organiser` for a person of ' +
      'their subtree.',
  },
  ExternalTrainingController_list: {
    summary: 'List records of training done elsewhere',
    description:
      'Records of people of the caller’s subtree (by their current unit), newest first; filter by status (pending, ' +
      'approved, rejected, revoked) and unit. ' +
      'Who: `admin`, `organiser` or `agency`, for people inside their subtree.',
  },
  ExternalTrainingController_mine: {
    summary: 'List my records of training done elsewhere',
    description: 'The caller’s own records and their status. ' + WHO.anyAccount,
  },
  ExternalTrainingController_get: {
    summary: 'Get a record of training done elsewhere',
    description: 'One record with its decision. ' + WHO.recordRead + ' Others get 404.',
  },
  ExternalTrainingController_evidence: {
    summary: 'Download the evidence of a record',
    description:
      'The evidence as uploaded (inline for PDF and images, sandboxed). ' + WHO.recordRead + ' Others get 404.',
  },
  ExternalTrainingController_approve: {
    summary: 'Approve a record of training done elsewhere',
    description:
      'Approves the record for `roleIds` (default: the person’s roles today) from today until `expiresOn`: from then on ' +
      'it counts as training for those roles. ' +
      WHO.recordManage,
    errors: { 409: 'record 3f0c1f9e-… is approved: only a pending record is decided' },
  },
  ExternalTrainingController_reject: {
    summary: 'Reject a record of training done elsewhere',
    description: 'Rejects a pending record (reason required). ' + WHO.recordManage,
    errors: { 409: 'record 3f0c1f9e-… is rejected: only a pending record is decided' },
  },
  ExternalTrainingController_revoke: {
    summary: 'Revoke an approval of training done elsewhere',
    description:
      'Withdraws an approval from today (reason required): it no longer counts from today. ' + WHO.recordManage,
    errors: { 409: 'record 3f0c1f9e-… is pending: only an approval is revoked' },
  },
};
