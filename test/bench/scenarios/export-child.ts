// One export of the export bench in a process of its own (started by scenarios/export.ts, `node --expose-gc -r
// @swc-node/register`): boots the API application on the bench database, lets the boot's garbage go, notes the RSS,
// runs the export read to the end while sampling the RSS every 20 ms, and prints one JSON line with the figures. A
// process per export, so that one export's garbage (V8 keeps its heap once grown) is never counted in the next one's.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Actor, Permission } from '@app/common';
import { ExportQueryDto, ExportsService } from '@app/exports';
import { startBenchApp } from '../bench-app';
import { NO_SCHEDULES } from './export';

const MB = 2 ** 20;

/** What the parent asks for (JSON in argv[2]). */
export interface ExportChildJob {
  databaseUrl: string;
  /** The unit the organiser running the export is scoped to. */
  scopeUnitId: string;
  /** `cursor`: the rows read through the cursor alone, nothing written. */
  mode: 'cursor' | 'csv' | 'xlsx';
  kind: string;
  query: ExportQueryDto;
}

/** What the child prints (its last line). */
export interface ExportChildResult {
  rows: number;
  bytes: number;
  seconds: number;
  rssBeforeMb: number;
  peakRssMb: number;
}

/** Reads a stream to the end, counting bytes (what a client downloading the file does). */
async function drain(stream: NodeJS.ReadableStream): Promise<number> {
  let bytes = 0;
  await pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb();
      },
    }),
  );
  return bytes;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as ExportChildJob;
  const bench = await startBenchApp(job.databaseUrl, NO_SCHEDULES);
  try {
    const organiser: Actor = {
      accountId: randomUUID(),
      grants: [{ permission: Permission.Organiser, scopeUnitId: job.scopeUnitId }],
      via: 'api',
    };
    const exportsService = bench.app.get(ExportsService);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage.rss();
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
    const started = performance.now();
    let rows = 0;
    let bytes = 0;
    if (job.mode === 'cursor') {
      const plan = await exportsService.plan(organiser, job.kind, 'csv', job.query);
      const feed = exportsService.feed(exportsService.sql(plan, [job.scopeUnitId]));
      while (await feed.next(() => rows++));
    } else {
      bytes = await drain((await exportsService.download(organiser, job.kind, job.mode, job.query)).stream);
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage.rss());
    const result: ExportChildResult = { rows, bytes, seconds, rssBeforeMb: before / MB, peakRssMb: peak / MB };
    console.log(JSON.stringify(result));
  } finally {
    await bench.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
