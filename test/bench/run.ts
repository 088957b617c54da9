// `npm run bench -- <scenario> [--seconds N] [--concurrency N]`: runs one scenario (or `all`), prints each figure next
// to its baseline measured in the same run and, where it has one, whether its budget (budgets.ts) is met, and writes
// the scenario's section of BENCHMARKS.md at the repo root. Exits 1 when a budget is missed (after writing).
// `npm run bench -- budgets` lists every budget and the scenario that measures it.
import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { assignScenario } from './scenarios/assign';
import { certificatesScenario } from './scenarios/certificates';
import { coverageScenario } from './scenarios/coverage';
import { examScenario } from './scenarios/exam';
import { exportScenario } from './scenarios/export';
import { importScenario } from './scenarios/import';
import { loginScenario } from './scenarios/login';
import { moveScenario } from './scenarios/move';
import { pagesScenario } from './scenarios/pages';
import { restructureScenario } from './scenarios/restructure';
import { rosterPagesScenario } from './scenarios/roster-pages';
import { seedScenario } from './scenarios/seed';
import { Budget, BudgetId, BUDGETS, budgetText, BudgetVerdict, judge } from './budgets';
import { BenchRow, Scenario, ScenarioOptions, ScenarioResult } from './types';

const SCENARIOS = new Map<string, Scenario>([
  [loginScenario.name, loginScenario],
  [importScenario.name, importScenario],
  [seedScenario.name, seedScenario],
  [moveScenario.name, moveScenario],
  [pagesScenario.name, pagesScenario],
  [assignScenario.name, assignScenario],
  [certificatesScenario.name, certificatesScenario],
  [coverageScenario.name, coverageScenario],
  [examScenario.name, examScenario],
  [exportScenario.name, exportScenario],
  [restructureScenario.name, restructureScenario],
  [rosterPagesScenario.name, rosterPagesScenario],
]);
const BENCHMARKS_FILE = join(__dirname, '..', '..', 'BENCHMARKS.md');
const HEADER = `# Benchmarks

Written by \`npm run bench -- <scenario>\` (test/bench/run.ts). Each figure sits next to its baseline, measured in the
same run on the same machine; a scenario's section is replaced each time it runs.
`;

function usage(): string {
  return `usage: npm run bench -- <${[...SCENARIOS.keys(), 'all', 'budgets'].join('|')}> [--seconds N] [--concurrency N]`;
}

function parseArgs(argv: string[]): { names: string[]; overrides: Partial<ScenarioOptions> } {
  const names: string[] = [];
  const overrides: Partial<ScenarioOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--seconds' || flag === '--concurrency') {
      const value = Number(inline ?? argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} needs a positive integer`);
      overrides[flag === '--seconds' ? 'seconds' : 'concurrency'] = value;
    } else if (flag.startsWith('-')) {
      throw new Error(`unknown option ${flag}\n${usage()}`);
    } else {
      names.push(flag);
    }
  }
  if (names.length === 0) throw new Error(usage());
  if (names.includes('budgets')) return { names: ['budgets'], overrides };
  if (names.includes('all')) return { names: [...SCENARIOS.keys()], overrides };
  for (const name of names) {
    if (!SCENARIOS.has(name)) throw new Error(`unknown scenario "${name}"\n${usage()}`);
  }
  return { names, overrides };
}

const fmt = (n: number | null, digits = 1): string => {
  if (n === null || !Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US', { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : digits });
};
const fmtRatio = (r: number | null): string => (r === null ? '—' : `${r.toFixed(2)}×`);

/** Each row held to a budget, judged. */
const verdicts = (rows: BenchRow[]): Map<BenchRow, BudgetVerdict> =>
  new Map(rows.filter((r) => r.budget).map((r) => [r, judge(r.budget as BudgetId, r.figure, r.value, r.unit)]));

function tableRows(rows: BenchRow[]): string[][] {
  const judged = verdicts(rows);
  return rows.map((r) => [
    r.figure,
    `${fmt(r.value)} ${r.unit}`,
    r.baseline ?? '—',
    r.baselineValue === null ? '—' : `${fmt(r.baselineValue)} ${r.unit}`,
    fmtRatio(r.ratio),
    judged.get(r)?.text ?? '—',
    r.note,
  ]);
}
const COLUMNS = ['figure', 'value', 'baseline', 'baseline value', 'ratio', 'budget', 'note'];

function printCells(cells: string[][]): void {
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row: string[]): string =>
    row
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(cells[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells.slice(1)) console.log(line(row));
}

const BUDGET_COLUMNS = ['budget', 'limit', 'what', 'source', 'measured by'];
const budgetRows = (): string[][] =>
  Object.entries(BUDGETS).map(([id, b]: [string, Budget]) => [
    id,
    budgetText(b),
    b.what,
    b.source,
    b.scenario ? `npm run bench -- ${b.scenario}` : 'no scenario yet',
  ]);

function printTable(rows: BenchRow[]): void {
  printCells([COLUMNS, ...tableRows(rows)]);
}

function machine(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  const load = loadavg()[0].toFixed(1); // other work on the machine skews the figures: say how busy it was
  return `${cpu.length} cores (${model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${load}`;
}

function section(scenario: Scenario, result: ScenarioResult, startedAt: Date, host: string): string {
  const md = (row: string[]): string => `| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [
    `<!-- bench:${scenario.name}:start -->`,
    `## ${scenario.name}`,
    '',
    `${scenario.title}.`,
    '',
    `- date: ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- machine: ${host}`,
    `- data: ${result.dataSize}`,
    `- setup: ${result.setup}`,
    '',
    md(COLUMNS),
    md(COLUMNS.map(() => '---')),
    ...tableRows(result.rows).map(md),
    `<!-- bench:${scenario.name}:end -->`,
  ].join('\n');
}

/** Replaces the scenario's section in BENCHMARKS.md, or appends it; other sections stay as they are. */
function upsertSection(name: string, text: string): void {
  let doc = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, 'utf8') : HEADER;
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from >= 0 && to > from) {
    doc = doc.slice(0, from) + text + doc.slice(to + end.length);
  } else {
    doc = `${doc.trimEnd()}\n\n${text}\n`;
  }
  writeFileSync(BENCHMARKS_FILE, doc.endsWith('\n') ? doc : `${doc}\n`);
}

/** The budgets table at the top of BENCHMARKS.md, written on every run (it is the same for all scenarios). */
function budgetsSection(): string {
  const md = (row: string[]): string => `| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [
    '<!-- bench:budgets:start -->',
    '## Budgets',
    '',
    'From DESIGN.md and the issues (test/bench/budgets.ts). Each scenario prints met / missed for the budgets it',
    'measures, and `npm run bench` exits non-zero when one is missed.',
    '',
    md(BUDGET_COLUMNS),
    md(BUDGET_COLUMNS.map(() => '---')),
    ...budgetRows().map(md),
    '<!-- bench:budgets:end -->',
  ].join('\n');
}

async function main(): Promise<void> {
  const { names, overrides } = parseArgs(process.argv.slice(2));
  if (names[0] === 'budgets') {
    printCells([BUDGET_COLUMNS, ...budgetRows()]);
    return;
  }
  const missed: BudgetVerdict[] = [];
  for (const name of names) {
    const scenario = SCENARIOS.get(name)!;
    const options = { ...scenario.defaults, ...overrides };
    const startedAt = new Date();
    const host = machine(); // before the run, so the load figure is the rest of the machine's
    console.log(`\n== ${scenario.name}: ${scenario.title}`);
    console.log(`   ${host}; concurrency ${options.concurrency}, ${options.seconds} s per figure`);
    const result = await scenario.run(options);
    console.log(`   data: ${result.dataSize}\n   setup: ${result.setup}\n`);
    printTable(result.rows);
    const judged = [...verdicts(result.rows).values()];
    upsertSection(scenario.name, section(scenario, result, startedAt, host));
    console.log(`\nwritten to ${BENCHMARKS_FILE} (section "${scenario.name}")`);
    if (judged.length === 0) console.log('budgets: none measured by this scenario');
    for (const v of judged) console.log(`budget ${v.budget}: ${v.figure} = ${fmt(v.value)}, ${v.text}`);
    missed.push(...judged.filter((v) => !v.met));
  }
  upsertSection('budgets', budgetsSection());
  if (missed.length > 0) {
    console.error(`\n${missed.length} budget(s) missed: ${missed.map((v) => `${v.budget} (${v.figure})`).join(', ')}`);
    process.exitCode = 1;
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
