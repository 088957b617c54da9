import { performance } from 'node:perf_hooks';

export interface LoadResult {
  ok: number;
  errors: number;
  seconds: number;
  /** Successful operations per second. */
  rate: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface LoadOptions {
  concurrency: number;
  seconds: number;
}

/**
 * Runs `op` from `concurrency` loops for `seconds` (each loop finishes its operation in flight).
 * `op` gets its loop's index and resolves true on success; false or a rejection counts as an error.
 */
export async function runLoad(
  op: (client: number) => Promise<boolean>,
  { concurrency, seconds }: LoadOptions,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const loop = async (client: number): Promise<void> => {
    while (performance.now() < until) {
      const t0 = performance.now();
      let success = false;
      try {
        success = await op(client);
      } catch {
        success = false;
      }
      if (success) {
        ok++;
        latencies.push(performance.now() - t0);
      } else {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, client) => loop(client)));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    ok,
    errors,
    seconds: elapsed,
    rate: ok / elapsed,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    p99Ms: percentile(latencies, 0.99),
  };
}

/** Nearest-rank percentile of sorted values; NaN when there are none. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
