import type { OperationDoc } from '../operation-doc';
import { WHO } from './who';

const REPORT_WORKFLOW =
  'A statutory report (báo cáo: `yearly` — Vĩnh Long’s is due before 20 November —, the 3-year `interim` review ' +
  '(sơ kết) or the 5-year `final` review (tổng kết) of the programme) goes draft → submitted (frozen) → accepted, or ' +
  'returned with a comment and submitted again.';

/** Coverage (độ bao phủ), exports, statutory reports, open data, the e-mail outbox. */
export const REPORTING_DOCS: Record<string, OperationDoc> = {
  CoverageController_get: {
    summary: 'Get coverage of a unit by role',
    description:
      'Coverage = trained ÷ headcount per role for a unit’s subtree on a date (`unitId` defaults to the caller’s scope ' +
      'unit, `date` to today), with each child unit. "Trained" (đã được đào tạo) means holding, on that date, a ' +
      'training record that counts for the role’s target: a certificate of an online course, of an in-person session ' +
      '(tập huấn: training, hội thảo: workshop), or an approved record of training done elsewhere, issued, not revoked ' +
      'and not expired. The headcount is the declared one where a unit declared it, else the roster count; ' +
      '`declaredNotNamed` is how many declared people are not on the roster (counted as not trained). `coverage` is a ' +
      'percentage with one decimal, never rounded up to 100, or null when the headcount is 0; `gap` is how many more ' +
      'people must be trained to reach the target (mục tiêu). ' +
      WHO.rosterRead,
  },
  CoverageController_trend: {
    summary: 'Get coverage month by month',
    description:
      'Coverage of the unit’s subtree at each month end since January 2025, per role and for all roles (each person ' +
      'counted once). ' +
      WHO.rosterRead,
  },
  CoverageController_ranking: {
    summary: 'Rank child units by coverage',
    description:
      'The child units of the unit, lowest coverage (or largest gap) first, paged: where to chase first. ' +
      WHO.rosterRead,
  },
  CoverageController_untrained: {
    summary: 'List people not yet trained',
    description:
      'The people behind the coverage figure who are not trained for the role on the date, paged, and the ' +
      'declared-but-not-named remainder as a number. The list agrees with the figure to the person. ' +
      WHO.rosterRead,
  },
  CoverageController_trained: {
    summary: 'List people trained',
    description:
      'The people counted as trained for the role on the date, each with the training record that counts, paged. ' +
      WHO.rosterRead,
  },
  CoverageTargetsController_list: {
    summary: 'List coverage targets',
    description:
      'The targets (mục tiêu) per role: the percentage to reach by the deadline (e.g. 100% of officials who work on ' +
      'human rights by 2028), optionally only under a scope unit or for some unit types, and the courses that ' +
      'count. ' +
      WHO.rosterRead,
  },
  CoverageTargetsController_put: {
    summary: 'Set a role’s coverage target',
    description:
      'Sets the target of a role for `scopeUnitId` or everywhere: percentage, deadline, milestones, the courses that ' +
      'count and the unit types it applies to. Audited; the dashboard follows. Who: `admin`.',
  },

  ExportsController_list: {
    summary: 'Export a list of a subtree',
    description:
      '`{kind}.{format}`: kinds `people`, `trained`, `untrained`, `certificates` (with the serial and the verification ' +
      'code), `exam-results`, `coverage`; formats `csv` (UTF-8 with BOM, any size, streamed) and `xlsx` (up to 200,000 ' +
      'rows, else 422 pointing to the CSV). Filters `unitId`, `roleId`, `courseId`, `from`, `to`, `status`; `lang` sets ' +
      'the headers’ language (default vi). E-mail and phone only with `includeContact=true` and a `purpose` (and never ' +
      'for agencies). Audited. ' +
      WHO.rosterRead,
    errors: {
      422: {
        error: 'EXPORT_TOO_LARGE',
        message:
          'the people list has 250000 rows, more than the 200000 an XLSX file holds: ask for the CSV (GET /api/v1/exports/people.csv with the same filters)',
        details: { rows: 250000, maxRows: 200000, csv: '/api/v1/exports/people.csv' },
      },
    },
  },
  ExportsController_rosterCsv: {
    summary: 'Export the roster in its import format',
    description:
      'The roster of a subtree as CSV in the roster import’s format (a round trip changes nothing). Contact details ' +
      'need a `purpose`. Audited. ' +
      WHO.rosterWrite,
  },
  ExportsController_request: {
    summary: 'Ask for a background export',
    description:
      'The same lists as GET /api/v1/exports/{file}, made by a job for large ones: 202 with its id; poll GET ' +
      '/api/v1/export-jobs/{id}. Checked as the streamed export is. ' +
      WHO.rosterRead,
  },
  ExportsController_mine: {
    summary: 'List my background exports',
    description: 'The caller’s background exports, newest first. ' + WHO.rosterRead,
  },
  ExportsController_status: {
    summary: 'Get a background export',
    description:
      'Status and progress; once ready, the download link (it works once, for 15 minutes from when it is first shown). ' +
      WHO.rosterRead,
  },
  ExportsController_download: {
    summary: 'Download a background export',
    description: 'The file, once, with the link’s `token`. ' + WHO.rosterRead,
    errors: {
      410: {
        error: 'EXPORT_LINK_GONE',
        message:
          'this download link has expired or was used already: ask for the export again (links work once, for 15 minutes after they are shown)',
      },
    },
  },
  OpenDataController_publish: {
    summary: 'Publish open coverage data',
    description:
      'Publishes today’s coverage per province and role as CSV and JSON at /open-data/<name> (dữ liệu mở: open data; ' +
      'no personal data; counts under 5 withheld). 201 with the files. Audited. Who: `admin`.',
  },

  ReportsController_create: {
    summary: 'Create a report draft',
    description:
      REPORT_WORKFLOW +
      ' Creates a draft for a unit of the caller’s subtree, a kind and a period (400 naming the field for a bad kind or ' +
      'period). ' +
      WHO.rosterRead,
    errors: { 409: 'number: the unit already has a report numbered 12/BC-UBND' },
  },
  ReportsController_list: {
    summary: 'List reports',
    description:
      'The reports of the caller’s units and those received by units of their subtree, newest first. ' + WHO.rosterRead,
  },
  ReportsController_receiver: {
    summary: 'Get where a unit’s reports go',
    description: 'The receiving unit of a unit’s reports: its parent, unless an admin set another. ' + WHO.rosterRead,
  },
  ReportsController_setReceiver: {
    summary: 'Set where a unit’s reports go',
    description: 'Sets the receiving unit (null: its parent again). Who: `admin` over the unit.',
  },
  ReportsController_get: {
    summary: 'Get a report',
    description:
      REPORT_WORKFLOW +
      ' The report with its figures: frozen once submitted, computed now for a draft. ' +
      WHO.rosterRead,
  },
  ReportsController_file: {
    summary: 'Download a report’s file',
    description:
      'The XLSX or PDF. Once submitted, the stored file byte for byte, its SHA-256 in `X-Content-SHA256`; a draft’s is a ' +
      'preview. ' +
      WHO.rosterRead,
  },
  ReportsController_submit: {
    summary: 'Submit a report',
    description: 'Freezes the report (figures and files) and sends it to the receiving unit. ' + WHO.rosterRead,
    errors: {
      409: { message: 'the report was submitted already (status submitted)', details: { status: 'submitted' } },
    },
  },
  ReportsController_accept: {
    summary: 'Accept a report',
    description:
      'The receiving unit accepts a submitted report (403 when the receiving unit is outside the caller’s subtree). ' +
      WHO.rosterRead,
    errors: {
      409: { message: 'the report is not waiting for a decision (status draft)', details: { status: 'draft' } },
    },
  },
  ReportsController_returnReport: {
    summary: 'Return a report with a comment',
    description:
      'The receiving unit returns a submitted report with a comment; the sending unit may change it and submit it again. ' +
      WHO.rosterRead,
    errors: {
      409: { message: 'the report is not waiting for a decision (status accepted)', details: { status: 'accepted' } },
    },
  },

  OutboxController_list: {
    summary: 'List the e-mail outbox',
    description:
      'E-mails the platform sent (or, without SMTP, would have sent), newest first; filter by kind (e.g. ' +
      '`learning.due_soon`) and sent/unsent. The text is shown only while a message is unsent. ' +
      WHO.nationalAdmin,
  },
};
