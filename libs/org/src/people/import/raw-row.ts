import { RosterProblemCode } from './roster-problems';

/** A cell that could not be turned into text (an XLSX error value, a formula with no computed value). */
export interface RawCellProblem {
  index: number;
  code: RosterProblemCode;
  reason: string;
  reasonVi: string;
}

/** One row of an upload as the readers see it: every cell as a string, by 0-based column index. */
export interface RawRosterRow {
  rowNumber: number;
  cells: string[];
  problems?: RawCellProblem[];
}
