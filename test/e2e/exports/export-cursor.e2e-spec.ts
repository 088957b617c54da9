import { randomUUID } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Actor, Permission } from '@app/common';
import { EXPORT_CONNECTIONS, exportRowsReceived, ExportsService, FETCH_ROWS } from '@app/exports';
import { UnitResponse, UnitType } from '@app/org';
import { readCsv } from '../../factories/exports';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The exports' cursor on its own pool (libs/exports ExportRepository): a list longer than one FETCH is read whole;
 * a reader that goes away gives the connection back (no transaction left open); a connection the server drops
 * half-way fails that export with an error, not the process, and the next export works; exports take connections
 * from their own pool, never from the app's. A slow or paused reader holds the cursor: the rows received from
 * PostgreSQL never run more than three FETCHes ahead of the rows the reader has taken (the memory of an export stays
 * flat whatever the speed of the client; BENCHMARKS.md, export).
 */

jest.setTimeout(120_000);

describe('export cursor', () => {
  let t: TestApp;
  let P: UnitResponse;
  let organiser: Actor;
  let exportsService: ExportsService;
  const PEOPLE = FETCH_ROWS * 12 + 17;
  /** Rows a reader may leave received but not taken: the batch in the stream's buffer, the one ahead, one in flight. */
  const AHEAD = 3 * FETCH_ROWS;

  const exportConnections = () =>
    t.db.query<Array<{ pid: number; state: string; xact: boolean }>>(
      `SELECT pid, state, xact_start IS NOT NULL AS xact FROM pg_stat_activity
        WHERE application_name = 'moc-export' AND datname = current_database()`,
    );
  const download = async (format: 'csv' | 'xlsx' = 'csv'): Promise<Readable> =>
    (await exportsService.download(organiser, 'people', format, { unitId: P.id })).stream;
  /** The `.end` audit entries of the people exports, newest first. */
  const ends = () =>
    t.db.query<Array<{ details: { rowCount: number; complete: boolean } }>>(
      `SELECT details FROM audit_log WHERE action = 'exports.people.end' ORDER BY id DESC`,
    );
  const until = async (check: () => Promise<boolean>): Promise<boolean> => {
    for (let i = 0; i < 100; i++) {
      if (await check()) return true;
      await sleep(50);
    }
    return false;
  };

  beforeAll(async () => {
    t = await createTestApp();
    P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Phương Nam' });
    const A = await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
    await t.db.query(
      `INSERT INTO person (province_unit_id, employee_code, full_name, gender, unit_id, status)
       SELECT $1, lpad(i::text, 6, '0'), 'Nguyễn Thị Ánh ' || i, 'female', $2, 'active' FROM generate_series(1, $3) i`,
      [P.id, A.id, PEOPLE],
    );
    organiser = {
      accountId: randomUUID(),
      grants: [{ permission: Permission.Organiser, scopeUnitId: P.id }],
      via: 'api',
    };
    exportsService = t.app.get(ExportsService);
  });
  afterAll(() => t.close());

  it('reads a list longer than one FETCH whole, leading zeros kept, on the exports’ own connection', async () => {
    const [header, ...rows] = readCsv((await buffer(await download())).toString('utf8'));
    expect(header[0]).toBe('Mã cán bộ');
    expect(rows).toHaveLength(PEOPLE);
    expect(new Set(rows.map((r) => r[0])).size).toBe(PEOPLE);
    expect(rows.map((r) => r[0])).toContain('000001');
    const connections = await exportConnections();
    expect(connections.length).toBeGreaterThan(0);
    expect(connections.length).toBeLessThanOrEqual(EXPORT_CONNECTIONS);
    expect(connections.every((c) => !c.xact)).toBe(true);
    expect((await ends())[0].details).toMatchObject({ rowCount: PEOPLE, complete: true });
  });

  it('hands each row over as PostgreSQL sends it, not a FETCH gathered into an array', async () => {
    const plan = await exportsService.plan(organiser, 'people', 'csv', { unitId: P.id });
    const feed = exportsService.feed(exportsService.sql(plan, [P.id]));
    const before = exportRowsReceived();
    let taken = 0;
    let heldMost = 0;
    const each = (): void => {
      taken++;
      heldMost = Math.max(heldMost, exportRowsReceived() - before - taken);
    };
    while (await feed.next(each)) expect(taken % FETCH_ROWS).toBe(0);
    expect(taken).toBe(PEOPLE);
    expect(heldMost).toBe(0); // the row in hand is the last one received
    expect((await exportConnections()).every((c) => !c.xact)).toBe(true);
  });

  it('reads no further ahead of a slow reader than three FETCHes, to the last row', async () => {
    const before = exportRowsReceived();
    let taken = -1; // the header line is not a row
    let aheadMost = 0;
    await pipeline(
      await download(),
      new Writable({
        highWaterMark: 16 * 1024,
        write(chunk: Buffer, _enc, done) {
          for (const byte of chunk) if (byte === 0x0a) taken++;
          aheadMost = Math.max(aheadMost, exportRowsReceived() - before - taken);
          setTimeout(done, 10); // a slow client: about 6 MB/s
        },
      }),
    );
    expect(taken).toBe(PEOPLE);
    expect(exportRowsReceived() - before).toBe(PEOPLE);
    expect(aheadMost).toBeGreaterThan(0);
    expect(aheadMost).toBeLessThanOrEqual(AHEAD);
  });

  it.each(['csv', 'xlsx'] as const)(
    'holds the cursor while the reader pauses (%s), and gives the connection back when it goes away',
    async (format) => {
      const before = exportRowsReceived();
      const stream = await download(format);
      await new Promise((resolve) => stream.once('data', resolve));
      stream.pause();
      await sleep(1_000);
      const received = exportRowsReceived() - before;
      expect(received).toBeGreaterThan(0);
      expect(received).toBeLessThanOrEqual(AHEAD);
      stream.destroy();
      expect(await until(async () => (await exportConnections()).every((c) => !c.xact))).toBe(true);
    },
  );

  it('gives the connection back, transaction ended, when the reader goes away half-way', async () => {
    const stream = await download();
    const first: unknown = await new Promise((resolve) => stream.once('data', resolve));
    expect(first).toBeInstanceOf(Buffer);
    expect((await exportConnections()).some((c) => c.xact)).toBe(true); // the cursor's snapshot is open
    const endsBefore = (await ends()).length;
    stream.destroy();
    expect(await until(async () => (await exportConnections()).every((c) => !c.xact))).toBe(true);
    // Audited as cut short (the batch in flight when the reader went away ends, but the rows did not).
    expect(await until(async () => (await ends()).length > endsBefore)).toBe(true);
    const [end] = await ends();
    expect(end.details.complete).toBe(false);
    expect(end.details.rowCount).toBeLessThan(PEOPLE);
  });

  it('fails the export, not the process, when the server drops the connection half-way; the next export works', async () => {
    const stream = await download();
    await new Promise((resolve) => stream.once('data', resolve));
    stream.pause();
    const [open] = (await exportConnections()).filter((c) => c.xact);
    await t.db.query(`SELECT pg_terminate_backend($1)`, [open.pid]);
    stream.resume();
    await expect(buffer(stream)).rejects.toThrow();
    const rows = readCsv((await buffer(await download())).toString('utf8')).slice(1);
    expect(rows).toHaveLength(PEOPLE);
  });
});
