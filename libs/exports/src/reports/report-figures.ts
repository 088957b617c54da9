import type { CoverageAllRoles, CoverageRow, CoverageUnit } from '@app/coverage';
import { ReportKind } from './report-kinds';

/** A unit as the report names it (frozen with the figures: later renames and merges do not reach a frozen report). */
export type ReportUnit = CoverageUnit;

/** One role's coverage on the period's last day, against its target (the dashboard's row, without its status). */
export type ReportCoverageRow = Omit<CoverageRow, 'status' | 'statusText'>;

export type ReportAllRoles = CoverageAllRoles;

export interface ReportChild {
  unit: ReportUnit;
  rows: ReportCoverageRow[];
  allRoles: ReportAllRoles;
}

/** An online course followed in the period by people of the subtree. */
export interface ReportCourse {
  courseId: string;
  code: string;
  title: string;
  enrolled: number;
  completed: number;
}

/** An in-person session (tập huấn, hội thảo, tọa đàm) organised in the subtree during the period. */
export interface ReportSession {
  sessionId: string;
  title: string;
  kind: 'training' | 'workshop' | 'seminar';
  day: string;
  organiser: string;
  participants: number;
}

/** An exam or contest sat in the period by people of the subtree. */
export interface ReportExam {
  examId: string;
  title: string;
  kind: 'final' | 'practice' | 'contest';
  courseTitle: string;
  participants: number;
  passed: number;
}

/** Declared versus named headcount of a role on the period's last day. */
export interface ReportHeadcount {
  roleId: string;
  roleCode: string;
  roleName: string;
  /** Sum of the declarations of the units that declared one for the year; null when none did. */
  declared: number | null;
  unitsDeclaring: number;
  /** People on the roster with the role that day. */
  named: number;
  /** Counted by coverage as not trained because declared but not on the roster. */
  declaredNotNamed: number;
}

/**
 * Everything a report says, frozen as JSON when it is submitted: the files are rendered from this and nothing
 * else, so a submission's files and figures agree and never change.
 */
export interface ReportFigures {
  version: 1;
  kind: ReportKind;
  title: string;
  periodFrom: string;
  periodTo: string;
  number: string;
  placeName: string;
  /** The day the document is dated (the submission day, Vietnam time; today for a draft's preview). */
  date: string;
  signatoryTitle: string;
  signatoryName: string;
  unit: ReportUnit;
  parent: ReportUnit | null;
  receiver: ReportUnit | null;
  coverage: { date: string; rows: ReportCoverageRow[]; allRoles: ReportAllRoles; children: ReportChild[] };
  courses: ReportCourse[];
  sessions: ReportSession[];
  exams: ReportExam[];
  certificates: { issued: number; course: number; session: number; revokedByPeriodEnd: number };
  headcounts: ReportHeadcount[];
}
