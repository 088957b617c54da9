import type { BudgetId } from './budgets';

/** One line of the benchmark table: a figure next to the baseline measured in the same run. */
export interface BenchRow {
  figure: string;
  value: number;
  unit: string;
  /** What the figure is compared with, e.g. "bare argon2 verify"; null when there is none. */
  baseline: string | null;
  baselineValue: number | null;
  /** value ÷ baselineValue (null without a baseline). */
  ratio: number | null;
  note: string;
  /** The budget (test/bench/budgets.ts) this figure is held to, in the budget's unit: met / missed is printed. */
  budget?: BudgetId;
}

export interface ScenarioResult {
  /** What the run worked on, e.g. "1 account". */
  dataSize: string;
  /** Where PostgreSQL ran, how long each figure was measured, and so on. */
  setup: string;
  rows: BenchRow[];
}

export interface ScenarioOptions {
  /** Seconds each measured figure runs for (`--seconds`). */
  seconds: number;
  /** Concurrent clients (`--concurrency`). */
  concurrency: number;
}

export interface Scenario {
  name: string;
  /** One line on what is measured, printed above the table. */
  title: string;
  defaults: ScenarioOptions;
  run(options: ScenarioOptions): Promise<ScenarioResult>;
}

export const ratioOf = (value: number, baseline: number): number | null =>
  baseline > 0 && Number.isFinite(value) ? value / baseline : null;
