import type { OperationDoc } from '../operation-doc';
import { WHO } from './who';

/** Units (đơn vị), the role catalogue, people on the roster (danh sách), headcounts, roster imports, jobs. */
export const ORG_DOCS: Record<string, OperationDoc> = {
  UnitsController_list: {
    summary: 'List units',
    description:
      'Units (đơn vị: a province/city (tỉnh/thành phố), department (sở), commune/ward (xã/phường), socio-political ' +
      'organisation, press agency, …) inside the caller’s subtree, paged. `parentId` lists one level of the tree under ' +
      'that unit; `q` searches names ignoring diacritics and case ("ha noi" finds "Hà Nội"). ' +
      WHO.rosterRead +
      ' Learners do not read the unit tree.',
  },
  UnitsController_create: {
    summary: 'Create a unit',
    description:
      'Adds a unit under `parentId` with its code, name and type. The code is unique and used by roster imports. ' +
      WHO.rosterWrite,
    errors: { 409: 'code PX-01 is not available: choose another code' },
  },
  UnitsController_get: {
    summary: 'Get a unit',
    description:
      'One unit with its code, type, parent, place (the commune / province it belongs to) and state. ' + WHO.rosterRead,
  },
  UnitsController_tree: {
    summary: 'Get a unit’s subtree as of a date',
    description:
      'The unit and the units below it as they stood on `asOf` (default today), from the unit history: units are ' +
      'renamed, moved, merged and split (Vietnam merged provinces and abolished the district level in 2025), and the ' +
      'tree of an earlier date stays readable. `depth` limits the levels returned. ' +
      WHO.rosterRead,
  },
  UnitsController_merge: {
    summary: 'Merge units into one',
    description:
      'Merges the `sourceIds` units into `targetId` from `effectiveFrom` (default today): their people, their past ' +
      'figures and their children pass to the target, and the sources close. Dated changes are kept in the unit ' +
      'history. ' +
      WHO.restructure,
    errors: { 409: 'unit X-01 contains the target and cannot be merged into it' },
  },
  UnitsController_rename: {
    summary: 'Rename a unit',
    description:
      'A new name from `effectiveFrom` (default today; a future date schedules the rename, which can be cancelled). ' +
      'Earlier dates keep the old name. ' +
      WHO.restructure,
  },
  UnitsController_cancelRename: {
    summary: 'Cancel a scheduled rename',
    description: 'Cancels the unit’s rename dated after today: the name before it applies again. ' + WHO.restructure,
    errors: { 409: 'unit X-01 has no rename dated after today to cancel' },
  },
  UnitsController_cancelMove: {
    summary: 'Cancel a scheduled move of a unit',
    description: 'Cancels the unit’s move dated after today: the parent before it applies again. ' + WHO.restructure,
    errors: { 409: 'unit X-01 has no move dated after today to cancel' },
  },
  UnitsController_move: {
    summary: 'Move a unit under another parent',
    description:
      'The unit and its subtree go under `parentId` from `effectiveFrom` (default today; a future date schedules it). ' +
      'Coverage of the old and new parents changes from that date only. ' +
      WHO.restructure,
    errors: { 409: 'a unit cannot move under itself or one of its descendants' },
  },
  UnitsController_split: {
    summary: 'Split a unit into new units',
    description:
      'Closes the unit and creates the `parts` (code, name, type) from `effectiveFrom`, each taking the people listed ' +
      'in its `personIds`; every person of the unit must be placed. ' +
      WHO.restructure,
    errors: { 409: '3 people of the unit are not assigned to any part' },
  },
  UnitsController_close: {
    summary: 'Close a unit',
    description:
      'Closes the unit from `effectiveFrom` (default today). It must have no active people and no open child units. ' +
      WHO.restructure,
    errors: { 409: 'the unit still has 12 active people: move them or merge the unit' },
  },

  RestructurePlansController_list: {
    summary: 'List restructuring plans',
    description:
      'The restructuring plans (phương án sắp xếp: many merges, splits, renames and moves at once, as of one date) of ' +
      'the caller’s subtrees, newest first (at most 50). ' +
      WHO.rosterWrite,
  },
  RestructurePlansController_upload: {
    summary: 'Upload a restructuring plan (dry run)',
    description:
      'A plan as CSV (UTF-8) or XLSX, ≤ 10 MB, in the multipart field `file`, for the subtree of `unitId` (default: ' +
      'the caller’s first scope). Answers 201 with the dry run: the problems of each row, for each new unit the old ' +
      'units going into it and the people moving, and for each unit split only in part the people not placed yet. ' +
      'Nothing changes until the plan is committed. ' +
      WHO.rosterWrite,
  },
  RestructurePlansController_template: {
    summary: 'Download the restructuring plan template',
    description:
      'A CSV with the documented columns (Vietnamese headers; English headers are accepted too) and example rows. ' +
      WHO.rosterWrite,
  },
  RestructurePlansController_get: {
    summary: 'Get a restructuring plan',
    description: 'The plan, its dry run and, once committed, its report and the job’s status. ' + WHO.rosterWrite,
  },
  RestructurePlansController_commit: {
    summary: 'Commit a restructuring plan',
    description:
      'Applies the plan as a job in one transaction: 202 with the plan queued; poll GET /api/v1/restructure-plans/{id}. ' +
      '`partialRule`: `list` (default) refuses the commit while people of partly split units are unplaced; ' +
      '`first_for_review` sends them to the first new unit named for their old unit and lists them in the report. ' +
      WHO.rosterWrite,
    errors: { 409: 'the plan has 4 row problems: nothing was applied' },
  },

  RolesController_list: {
    summary: 'List roles',
    description:
      'The role catalogue (vai trò / nhóm đối tượng: what a person does, as the plans count it, e.g. "officials who ' +
      'work on human rights", "press foreign-information staff"); the second axis of coverage. Retired roles only ' +
      'with `includeRetired`. Who: any signed-in account (a learner picks a role at registration).',
  },
  RolesController_create: {
    summary: 'Create a role',
    description: 'Adds a role to the catalogue (code, Vietnamese and English names). Who: `admin`.',
    errors: { 409: 'a role with code HR_OFFICIAL already exists' },
  },
  RolesController_get: {
    summary: 'Get a role',
    description: 'One role of the catalogue. Who: any signed-in account.',
  },
  RolesController_retire: {
    summary: 'Retire a role',
    description:
      'Marks the role retired (audited): role lists leave it out unless `includeRetired=true`. Who: `admin`.',
  },
  RolesController_restore: {
    summary: 'Restore a retired role',
    description: 'Makes a retired role current again (audited). Who: `admin`.',
  },

  PeopleController_list: {
    summary: 'List people on the roster',
    description:
      'People (cán bộ: officials, and members of the public who registered) on the roster (danh sách) of units inside ' +
      'the caller’s subtree, filtered by unit (its subtree), role, status and name (`q`, ignoring diacritics). Keyset ' +
      'paging: follow `next` / `prev`. Never e-mail, phone or birth date: read them in bulk through the audited roster ' +
      'export. ' +
      WHO.rosterRead,
  },
  PeopleController_create: {
    summary: 'Add a person to the roster',
    description:
      'A person in `unitId` with their roles (a person may hold several), optional employee code, position, contact ' +
      'details and status, from `effectiveFrom` (default today). Answers the person as written, contact details ' +
      'included. ' +
      WHO.rosterWrite,
    errors: { 409: 'employee code CB-0042 is already used in this province' },
  },
  PeopleController_get: {
    summary: 'Get a person',
    description:
      'One person with unit, roles and status. E-mail, phone and birth date only when the caller manages the person’s ' +
      'unit (admin, organiser; `contactShown` true), and then the read is audited; agencies never see them. ' +
      WHO.rosterRead,
  },
  PeopleController_history: {
    summary: 'Get a person’s history',
    description:
      'The person’s dated changes: units, roles and status over time, scheduled ones included. ' + WHO.rosterRead,
  },
  PeopleController_move: {
    summary: 'Move a person to another unit',
    description:
      'The person belongs to `unitId` from `effectiveFrom` (default today; a future date schedules it). Coverage ' +
      'changes from that date only. Answers without contact details. ' +
      WHO.rosterWrite +
      ' Both units must be inside it.',
  },
  PeopleController_cancelMove: {
    summary: 'Cancel a person’s scheduled move',
    description: 'Cancels the person’s move dated after today: the unit before it applies again. ' + WHO.rosterWrite,
    errors: { 409: 'the person has no move dated after today to cancel' },
  },
  PeopleController_cancelStatus: {
    summary: 'Cancel a person’s scheduled status change',
    description:
      'Cancels the person’s status change dated after today: the status before it applies again. ' + WHO.rosterWrite,
    errors: { 409: 'the person has no status change dated after today to cancel' },
  },
  PeopleController_status: {
    summary: 'Change a person’s status',
    description:
      '`active`, `on_leave` or `left` from `effectiveFrom` (default today). A person who left no longer counts in the ' +
      'headcount from that day on. Answers without contact details. ' +
      WHO.rosterWrite,
  },

  HeadcountsController_get: {
    summary: 'Get a unit’s headcounts',
    description:
      'Per role for `year` (default this year): the declared headcount (số lượng: how many people of the role the unit ' +
      'says it has), the people its roster names, and the declared-but-not-named remainder (people nobody typed in yet, ' +
      'still counted as not trained). `children=true` adds each child unit. ' +
      WHO.rosterRead,
  },
  HeadcountsController_history: {
    summary: 'Get the history of a unit’s headcount declarations',
    description:
      'Every change of the declarations (previous and new figure, who, when), newest first; `year` filters. ' +
      WHO.rosterRead,
  },
  HeadcountsController_declare: {
    summary: 'Declare a unit’s headcounts for a year',
    description:
      'Sets the headcount of each listed role for the year; roles not listed keep their figure. Coverage uses a declared ' +
      'headcount instead of the roster count where one exists. Audited in the history. ' +
      WHO.rosterWrite,
  },

  RosterImportController_upload: {
    summary: 'Upload a roster file',
    description:
      'A roster as CSV (UTF-8) or XLSX, ≤ 20 MB, in the multipart field `file` (streamed to storage): 202 with the ' +
      'import batch; a job checks and writes the rows. Poll GET /api/v1/roster-imports/{id}. Columns are named by the ' +
      'template’s Vietnamese or English headers. ' +
      WHO.rosterWrite,
  },
  RosterImportController_get: {
    summary: 'Get a roster import',
    description:
      'The batch’s status, counts (rows read, written, refused), the first 1,000 problems and the job’s progress. ' +
      WHO.rosterWrite,
  },
  RosterImportController_errors: {
    summary: 'Download the refused rows of a roster import',
    description:
      'The invalid rows as uploaded with a "Lỗi / Errors" column (CSV UTF-8): fix them and upload the file again. ' +
      WHO.rosterWrite,
  },

  JobsController_list: {
    summary: 'List background jobs',
    description:
      'Background jobs (imports, exports, certificate PDFs, e-mails, coverage upkeep) newest first, with state, progress, ' +
      'attempts and last error; filter by status and job name. Platform jobs are shown to admins of the country root. ' +
      WHO.admin,
  },
  JobsController_get: {
    summary: 'Get a background job',
    description: 'One job with its state, progress, attempts and last error. ' + WHO.admin,
  },
};
