import { Policy } from '@app/org';

/** How a cell is written: text (codes and phones stay text, leading zeros kept), a day, a number. */
export type ColumnType = 'text' | 'date' | 'number';

/** One column of a list: its key in the SQL row, its headers, its type and its width in an XLSX sheet. */
export interface ExportColumn {
  key: string;
  vi: string;
  en: string;
  type: ColumnType;
  /** Characters (XLSX column width). */
  width: number;
  /** E-mail and phone: only with includeContact and a purpose. */
  contact?: boolean;
  /** Words for the codes the SQL returns (a status, a gender), per language. */
  labels?: Readonly<Record<string, { vi: string; en: string }>>;
  /** How a text value is printed (e.g. a verification code in groups of four). */
  format?: (value: string) => string;
}

/** The filters a list may take (each kind says which of them it understands). */
export const EXPORT_FILTERS = ['unitId', 'roleId', 'courseId', 'from', 'to', 'status', 'date'] as const;
export type ExportFilter = (typeof EXPORT_FILTERS)[number];

/** The filters of one export, checked: the subtree to export is always there, inside the caller's scopes. */
export interface KindQuery {
  /** The caller's scopes for the kind's policy (the SQL keeps rows inside them whatever unitId says). */
  scopes: string[];
  unitId: string;
  roleId?: string;
  courseId?: string;
  from?: string;
  to?: string;
  status?: string;
  /** yyyy-mm-dd: the day statuses are judged on (default: today in Vietnam). */
  date: string;
  /** Whether `date` was given (a kind may then read the roster on that day instead of today's record). */
  dated: boolean;
  includeContact: boolean;
}

/** Parameterised SQL: `text` uses $1…$n for `values`, in order. */
export interface BoundSql {
  text: string;
  values: unknown[];
}

/**
 * One kind of list, declared once: its SQL (a SELECT whose columns are aliased by the column keys, scoped with org's
 * inSubtree/inSubtrees fragments), its columns, the filters it understands and the policy that may read it. A new
 * kind (trained, untrained, coverage) is one such declaration added to EXPORT_KINDS.
 */
export interface ExportKind {
  name: string;
  /** Who may export it, over which subtree (org Policy). */
  policy: Policy;
  filters: readonly ExportFilter[];
  /** The values `status` may take, when the kind filters by status. */
  statuses?: readonly string[];
  columns: readonly ExportColumn[];
  /** File name without extension, per language. */
  fileName: { vi: string; en: string };
  sql(q: KindQuery): BoundSql;
  /**
   * A second part of the list (untrained: the declared-but-not-named remainder per unit and role): the SQL returns a
   * `part` column, 'summary' on these rows, which come last. CSV writes them as lines of the same columns; XLSX on a
   * sheet of their own with these columns.
   */
  summary?: { sheetName: { vi: string; en: string }; columns: readonly ExportColumn[] };
  /** Figures worked out in TypeScript from the SQL row (coverage: %, gap and status by coverage's own rules). */
  mapRow?(row: Record<string, unknown>, lang: 'vi' | 'en'): Record<string, unknown>;
}

/** The value of `part` on a kind's summary rows (ExportKind.summary). */
export const SUMMARY_PART = 'summary';

/** Collects SQL parameters: `add(value)` returns its placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The columns a kind writes for this query (contact columns only when asked for). */
export const columnsFor = (kind: ExportKind, includeContact: boolean): ExportColumn[] =>
  kind.columns.filter((c) => includeContact || !c.contact);
