/**
 * Every performance budget of the product, in one table: from DESIGN.md ("Budgets") and the issues. A scenario
 * reports a figure against a budget by naming it (`BenchRow.budget`); `npm run bench` prints met / missed for each
 * and exits non-zero when one is missed. Budgets whose scenario does not exist yet are listed all the same, so what
 * is still unmeasured is visible (`npm run bench -- budgets`).
 */
export interface Budget {
  /** What the figure must stay at or under (`max`) or reach (`min`). */
  kind: 'max' | 'min';
  limit: number;
  /** The unit of the figure and of `limit` (a row reporting against the budget must use the same). */
  unit: string;
  what: string;
  /** Where the budget comes from. */
  source: string;
  /** The `npm run bench -- <scenario>` that measures it, or null when no scenario measures it yet. */
  scenario: string | null;
}

export const BUDGETS = {
  'roster-import-100k': {
    kind: 'max',
    limit: 20,
    unit: 's',
    what: 'roster import of 100,000 rows (commit), upload to job done',
    source: 'DESIGN.md Budgets; issue 3',
    scenario: 'import',
  },
  'seed-national': {
    kind: 'max',
    limit: 300,
    unit: 's',
    what: '`npm run seed -- --size national` (3,000,000 people, ~100,000 units)',
    source: 'issue 3 (≤ 5 minutes)',
    scenario: 'seed',
  },
  'move-subtree-5000': {
    kind: 'max',
    limit: 5_000,
    unit: 'ms',
    what: 'moving a subtree of 5,000 units',
    source: 'issue 3',
    scenario: 'move',
  },
  'learner-page-size': {
    kind: 'max',
    limit: 50,
    unit: 'KB',
    what: 'each learner page, compressed, media aside',
    source: 'DESIGN.md Budgets; issues 2 and 4',
    scenario: 'pages',
  },
  'no-errors': {
    kind: 'max',
    limit: 0,
    unit: 'requests',
    what: 'requests answered with an error or failed under load',
    source: 'issues 2, 4 and 9 (no errors)',
    scenario: 'login, pages, exam',
  },
  'coverage-api-p95': {
    kind: 'max',
    limit: 50,
    unit: 'ms',
    what: 'coverage dashboard for any unit or drill-down (API), p95',
    source: 'DESIGN.md Budgets; issue 11',
    scenario: 'coverage',
  },
  'coverage-ranking': {
    kind: 'max',
    limit: 200,
    unit: 'ms',
    what: 'national ranking pages',
    source: 'DESIGN.md Budgets; issue 11',
    scenario: 'coverage',
  },
  'coverage-freshness': {
    kind: 'max',
    limit: 60,
    unit: 's',
    what: 'a change shown on the dashboard (under 1,000 certificates/s); full rollup rebuild on `national`',
    source: 'DESIGN.md Budgets; issue 11',
    scenario: 'coverage',
  },
  'export-csv-1m-vs-copy': {
    kind: 'max',
    limit: 2,
    unit: '× COPY',
    what: 'CSV export of 1,000,000 rows, against PostgreSQL COPY … TO STDOUT of the same rows in the same run',
    source: 'DESIGN.md Budgets; issue 12',
    scenario: 'export',
  },
  'export-csv-rss': {
    kind: 'max',
    limit: 150,
    unit: 'MB',
    what: 'peak RSS of a CSV export of 1,000,000 rows',
    source: 'DESIGN.md Budgets; issue 12',
    scenario: 'export',
  },
  'export-xlsx-rss': {
    kind: 'max',
    limit: 250,
    unit: 'MB',
    what: 'peak RSS of an XLSX export of 200,000 rows',
    source: 'DESIGN.md Budgets; issue 12',
    scenario: 'export',
  },
  'exam-saves-rate': {
    kind: 'min',
    limit: 1_000,
    unit: '/s',
    what: 'exam answer saves per second (also ≥ 40% of the bare node:http + pg baseline)',
    source: 'DESIGN.md Budgets; issue 9',
    scenario: 'exam',
  },
  'exam-saves-p99': {
    kind: 'max',
    limit: 100,
    unit: 'ms',
    what: 'exam answer save latency, p99',
    source: 'DESIGN.md Budgets; issue 9',
    scenario: 'exam',
  },
  'exam-start-p95': {
    kind: 'max',
    limit: 500,
    unit: 'ms',
    what: 'a synchronised start of 200 exam starts/s for 60 s, p95',
    source: 'DESIGN.md Budgets; issue 9',
    scenario: 'exam',
  },
  'certificate-pdf-rate': {
    kind: 'min',
    limit: 50,
    unit: '/s',
    what: 'certificate PDFs per second per worker process',
    source: 'DESIGN.md Budgets; issue 10',
    scenario: 'certificates',
  },
  'roster-pages-p95': {
    kind: 'max',
    limit: 200,
    unit: 'ms',
    what: 'roster pages and search on 3,000,000 people, p95, any page depth',
    source: 'issue 14',
    scenario: 'roster-pages',
  },
  'unit-reform': {
    kind: 'max',
    limit: 600,
    unit: 's',
    what: 'applying the 2025 reform to the national dataset',
    source: 'issue 13 (≤ 10 minutes)',
    scenario: 'restructure',
  },
} as const satisfies Record<string, Budget>;

export type BudgetId = keyof typeof BUDGETS;

export interface BudgetVerdict {
  budget: BudgetId;
  figure: string;
  value: number;
  met: boolean;
  /** e.g. "≤ 20 s: met". */
  text: string;
}

const number = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : 1 });

export const budgetText = (b: Budget): string => `${b.kind === 'max' ? '≤' : '≥'} ${number(b.limit)} ${b.unit}`;

/** Checks a figure against its budget; throws when the row's unit is not the budget's (a misconfigured scenario). */
export function judge(id: BudgetId, figure: string, value: number, unit: string): BudgetVerdict {
  const budget: Budget = BUDGETS[id];
  if (!budget) throw new Error(`unknown budget "${String(id)}" for "${figure}"`);
  if (unit !== budget.unit) {
    throw new Error(`"${figure}" is in ${unit} but budget ${id} is in ${budget.unit}`);
  }
  const met = Number.isFinite(value) && (budget.kind === 'max' ? value <= budget.limit : value >= budget.limit);
  return { budget: id, figure, value, met, text: `${budgetText(budget)}: ${met ? 'met' : 'MISSED'}` };
}
