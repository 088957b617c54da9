import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Actor, Permission } from '@app/common';
import { EXPORT_KINDS, ExportsService } from '@app/exports';
import { OrgUnitsService, UnitType } from '@app/org';
import { BenchApp, openBenchDatabase, startBenchApp } from '../bench-app';
import { ratioOf, Scenario, ScenarioResult } from '../types';

const PEOPLE = 1_000_000;
const COMMUNES = 100;
/** One person in five holds the role the XLSX export filters on: 200,000 rows, the XLSX cap. */
const XLSX_ROWS = PEOPLE / 5;
const MB = 2 ** 20;

/** A province with COMMUNES communes and PEOPLE people (set-based SQL: the seeding is not what is measured). */
async function seed(bench: BenchApp): Promise<{ provinceId: string; roleId: string }> {
  const units = bench.app.get(OrgUnitsService);
  const root = await units.getRoot();
  const system: Actor = {
    accountId: randomUUID(),
    grants: [{ permission: Permission.Admin, scopeUnitId: root.id }],
    via: 'api',
  };
  const province = await units.create(system, {
    code: 'BENCH',
    name: 'Tỉnh Bench',
    type: UnitType.Province,
    parentId: root.id,
  });
  const [role] = await bench.db.query<Array<{ id: string }>>(`SELECT id FROM role WHERE code = 'HR_OFFICIAL'`);
  await bench.db.transaction(async (m) => {
    await m.query(
      `INSERT INTO org_unit (code, name, type, parent_id)
       SELECT 'BENCH.X' || lpad(i::text, 4, '0'), 'Xã Điện Biên ' || i, 'commune', $1 FROM generate_series(1, $2) i`,
      [province.id, COMMUNES],
    );
    await m.query(
      `INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
       SELECT c.ancestor_id, u.id, c.depth + 1 FROM org_unit u JOIN org_unit_closure c ON c.descendant_id = u.parent_id
        WHERE u.parent_id = $1
       UNION ALL SELECT id, id, 0 FROM org_unit WHERE parent_id = $1`,
      [province.id],
    );
    await m.query(
      `INSERT INTO person (province_unit_id, employee_code, full_name, gender, phone, position_title, unit_id, status)
       SELECT $1, lpad(i::text, 8, '0'),
              (ARRAY['Nguyễn','Trần','Lê','Phạm','Hoàng'])[1 + i % 5] || ' Thị ' ||
              (ARRAY['Ánh','Bình','Cúc','Đào','Hương','Tuyết'])[1 + i % 6] || ' ' || i,
              CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END, '09' || lpad(i::text, 8, '0'), 'Chuyên viên',
              units.ids[1 + i % $3], 'active'
         FROM generate_series(1, $2) i,
              (SELECT array_agg(id ORDER BY code) AS ids FROM org_unit WHERE parent_id = $1) units`,
      [province.id, PEOPLE, COMMUNES],
    );
    await m.query(
      `INSERT INTO person_role (person_id, role_id, valid_from)
       SELECT id, $2, DATE '2025-01-01' FROM person WHERE province_unit_id = $1 AND employee_code::int % 5 = 0`,
      [province.id, role.id],
    );
  });
  await bench.db.query('ANALYZE');
  return { provinceId: province.id, roleId: role.id };
}

/** Runs `work` and samples the process RSS every 20 ms. */
async function measured(work: () => Promise<number>): Promise<{ bytes: number; seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const started = performance.now();
  try {
    const bytes = await work();
    return { bytes, seconds: (performance.now() - started) / 1000, peakRssMb: peak / MB };
  } finally {
    clearInterval(timer);
  }
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

/** A value as an SQL literal (test-only: the bench's own uuids), for COPY, which takes no parameters. */
const literal = (v: unknown): string =>
  Array.isArray(v) ? `ARRAY[${v.map(literal).join(',')}]` : `'${String(v).replace(/'/g, "''")}'`;

async function run(): Promise<ScenarioResult> {
  const database = await openBenchDatabase();
  try {
    const bench = await startBenchApp(database.url);
    try {
      const { provinceId, roleId } = await seed(bench);
      const organiser: Actor = {
        accountId: randomUUID(),
        grants: [{ permission: Permission.Organiser, scopeUnitId: provinceId }],
        via: 'api',
      };
      const exportsService = bench.app.get(ExportsService);
      const rssBefore = process.memoryUsage.rss() / MB;
      const csv = await measured(async () =>
        drain((await exportsService.download(organiser, 'people', 'csv', { unitId: provinceId })).stream),
      );
      // PostgreSQL's own COPY … TO STDOUT of the same SELECT (the kind's SQL), through psql, in the same run.
      const sql = EXPORT_KINDS.get('people')!.sql({
        scopes: [provinceId],
        unitId: provinceId,
        date: '2025-01-01',
        dated: false,
        includeContact: false,
      });
      const copySql = sql.text.replace(/\$(\d+)/g, (_m, n: string) => literal(sql.values[Number(n) - 1]));
      const copyStarted = performance.now();
      execFileSync('psql', [
        database.url,
        '-qc',
        `\\copy (${copySql.replace(/\s+/g, ' ')}) TO '/dev/null' WITH (FORMAT csv, HEADER true)`,
      ]);
      const copySeconds = (performance.now() - copyStarted) / 1000;
      const xlsx = await measured(async () =>
        drain((await exportsService.download(organiser, 'people', 'xlsx', { unitId: provinceId, roleId })).stream),
      );
      return {
        dataSize: `${PEOPLE.toLocaleString('en-US')} people in ${COMMUNES} communes of one province (${XLSX_ROWS.toLocaleString('en-US')} with the role of the XLSX export)`,
        setup:
          `${database.server}; ExportsService.download (the same path as GET /api/v1/exports/people.{csv,xlsx}: audit, ` +
          `cursor FETCH 2,000, csv-stringify / exceljs streaming writer) read to the end in-process; RSS of the ` +
          `whole API process (${rssBefore.toFixed(0)} MB before the exports); baseline: psql \\copy (the same SELECT) TO /dev/null`,
        rows: [
          {
            figure: `CSV export of ${PEOPLE.toLocaleString('en-US')} rows: time`,
            value: csv.seconds,
            unit: 's',
            baseline: 'psql \\copy (same SELECT) TO STDOUT',
            baselineValue: copySeconds,
            ratio: ratioOf(csv.seconds, copySeconds),
            note: `${(csv.bytes / MB).toFixed(0)} MB written; COPY ${copySeconds.toFixed(1)} s`,
          },
          {
            figure: 'CSV export of 1,000,000 rows against COPY',
            value: csv.seconds / copySeconds,
            unit: '× COPY',
            baseline: 'psql \\copy (same SELECT) TO STDOUT',
            baselineValue: 1,
            ratio: csv.seconds / copySeconds,
            note: 'same rows, same run',
            budget: 'export-csv-1m-vs-copy',
          },
          {
            figure: 'CSV export of 1,000,000 rows: peak RSS',
            value: csv.peakRssMb,
            unit: 'MB',
            baseline: 'RSS before the export',
            baselineValue: rssBefore,
            ratio: ratioOf(csv.peakRssMb, rssBefore),
            note: `the whole API process, sampled every 20 ms: +${(csv.peakRssMb - rssBefore).toFixed(0)} MB`,
            budget: 'export-csv-rss',
          },
          {
            figure: `XLSX export of ${XLSX_ROWS.toLocaleString('en-US')} rows: time`,
            value: xlsx.seconds,
            unit: 's',
            baseline: null,
            baselineValue: null,
            ratio: null,
            note: `${(xlsx.bytes / MB).toFixed(0)} MB written`,
          },
          {
            figure: 'XLSX export of 200,000 rows: peak RSS',
            value: xlsx.peakRssMb,
            unit: 'MB',
            baseline: 'RSS before the exports',
            baselineValue: rssBefore,
            ratio: ratioOf(xlsx.peakRssMb, rssBefore),
            note: `the whole API process, sampled every 20 ms: +${(xlsx.peakRssMb - rssBefore).toFixed(0)} MB`,
            budget: 'export-xlsx-rss',
          },
        ],
      };
    } finally {
      await bench.close();
    }
  } finally {
    await database.close();
  }
}

export const exportScenario: Scenario = {
  name: 'export',
  title: 'List exports: 1,000,000-row CSV against PostgreSQL COPY of the same rows; 200,000-row XLSX',
  defaults: { seconds: 1, concurrency: 1 },
  run,
};
