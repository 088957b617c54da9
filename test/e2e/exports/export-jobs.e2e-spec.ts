import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline, Readable, Transform } from 'node:stream';
import { Permission } from '@app/common';
import { EXPORT_CLEANUP_JOB, ExportCleanupSchedule, exportJobKey } from '@app/exports';
import { InProcessJobExecutor } from '@app/jobs';
import { UnitResponse, UnitType } from '@app/org';
import { StorageService } from '@app/storage';
import { waitForJob } from '../../factories/certificates';
import { binary, readCsv, readXlsx } from '../../factories/exports';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * Background exports: POST /api/v1/export-jobs → a job (exports.file) that writes the file to storage; GET
 * /api/v1/export-jobs/:id shows a link that works once, for 15 minutes after it is first shown (else 410); "my
 * exports"; files deleted after 24 hours by exports.cleanup; a job killed half-way leaves one file and one audit entry.
 */

jest.setTimeout(120_000);

describe('background exports', () => {
  let t: TestApp;
  let P: UnitResponse;
  let A: UnitResponse;
  let orgA: string;
  let orgAAccount: { login: string; password: string };
  let orgB: string;
  let orgP: string;

  const api = (method: 'get' | 'post', path: string, token: string) =>
    t.http[method](`/api/v1${path}`).auth(token, { type: 'bearer' });
  const ask = async (body: Record<string, unknown>, token = orgA): Promise<string> => {
    const res = await api('post', '/export-jobs', token).send(body).expect(202);
    expect(res.body).toMatchObject({ kind: body.kind, format: body.format });
    return res.body.id as string;
  };
  const done = async (id: string): Promise<void> => {
    expect(await waitForJob(t.db, exportJobKey(id))).toBe('succeeded');
  };
  const exportFiles = (): string[] => {
    const dir = join(t.config.storageDir, 'objects', 'exports');
    return existsSync(dir) ? readdirSync(dir) : [];
  };
  const fileEntries = (requestId: string) =>
    t.db.query<Array<{ action: string; details: Record<string, unknown> }>>(
      `SELECT action, details FROM audit_log WHERE action LIKE 'exports.file.%' AND details->>'exportRequestId' = $1`,
      [requestId],
    );

  beforeAll(async () => {
    t = await createTestApp();
    P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Phương Nam' });
    A = await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
    const B = await t.given.unit({ parent: P, name: 'Xã Bình Minh' });
    const token = async (permission: Permission, unit: UnitResponse) =>
      t.given.tokenFor(await t.given.account({ permission, scopeUnit: unit }));
    orgAAccount = await t.given.account({ permission: Permission.Organiser, scopeUnit: A });
    orgA = await t.given.tokenFor(orgAAccount);
    orgB = await token(Permission.Organiser, B);
    orgP = await token(Permission.Organiser, P);
    for (let i = 0; i < 30; i++) {
      await t.given.person({ unit: A, fullName: `Nguyễn Thị Ánh ${String(i).padStart(2, '0')}` });
    }
    await t.given.person({ unit: B, fullName: 'Lê Văn Bình' });
  });
  afterAll(() => t.close());

  it('makes the file, shows a link that works once, and audits the file once with its SHA-256', async () => {
    const id = await ask({ kind: 'people', format: 'csv', unitId: A.id });
    await done(id);
    const status = await api('get', `/export-jobs/${id}`, orgA).expect(200);
    expect(status.body).toMatchObject({ status: 'succeeded', progress: 100, rowCount: 30, link: 'ready' });
    expect(status.body.downloadUrl).toMatch(new RegExp(`^/api/v1/export-jobs/${id}/download\\?token=`));
    const again = await api('get', `/export-jobs/${id}`, orgA).expect(200);
    expect(again.body.downloadUrl).toBe(status.body.downloadUrl);
    expect(again.body.expiresAt).toBe(status.body.expiresAt);
    const file = await t.http
      .get(status.body.downloadUrl as string)
      .auth(orgA, { type: 'bearer' })
      .expect(200);
    const rows = readCsv(file.text);
    expect(rows).toHaveLength(31);
    expect(rows.map((r) => r[1])).toContain('Nguyễn Thị Ánh 07');
    expect(file.text).not.toContain('Lê Văn Bình');
    const reused = await t.http
      .get(status.body.downloadUrl as string)
      .auth(orgA, { type: 'bearer' })
      .expect(410);
    expect(reused.body.error).toBe('EXPORT_LINK_GONE');
    const entries = await fileEntries(id);
    expect(entries).toHaveLength(1);
    expect(entries[0].details).toMatchObject({
      scopeUnitId: A.id,
      rowCount: 30,
      sha256: createHash('sha256').update(Buffer.from(file.text, 'utf8')).digest('hex'),
    });
    const after = await api('get', `/export-jobs/${id}`, orgA).expect(200);
    expect(after.body).toMatchObject({ link: 'used', downloadUrl: null });
  });

  it('the link expires 15 minutes after it is first shown: 410', async () => {
    const id = await ask({ kind: 'people', format: 'csv', unitId: A.id });
    await done(id);
    const shown = await api('get', `/export-jobs/${id}`, orgA).expect(200);
    t.clock.advanceMinutes(16);
    try {
      const later = await api('get', `/export-jobs/${id}`, orgA).expect(200);
      expect(later.body).toMatchObject({ link: 'expired', downloadUrl: null });
      await t.http
        .get(shown.body.downloadUrl as string)
        .auth(orgA, { type: 'bearer' })
        .expect(410);
    } finally {
      t.clock.advanceMinutes(-16);
    }
  });

  it('a wrong token is 410; another caller gets 404; outside the subtree is 403', async () => {
    const id = await ask({ kind: 'people', format: 'csv', unitId: A.id });
    await done(id);
    await api('get', `/export-jobs/${id}/download?token=nope`, orgA).expect(410);
    await api('get', `/export-jobs/${id}`, orgP).expect(404);
    await api('get', `/export-jobs/${id}/download?token=nope`, orgB).expect(404);
    await api('post', '/export-jobs', orgB).send({ kind: 'people', format: 'csv', unitId: A.id }).expect(403);
    const bad = await api('post', '/export-jobs', orgA).send({ kind: 'payroll', format: 'csv' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('people, trained, untrained, certificates, exam-results, coverage');
    await api('post', '/export-jobs', orgA)
      .send({ kind: 'people', format: 'csv', includeContact: true })
      .expect(400)
      .expect((res) => expect(JSON.stringify(res.body)).toContain('purpose'));
  });

  it('XLSX in the background reads back with exceljs', async () => {
    const id = await ask({ kind: 'people', format: 'xlsx', unitId: A.id, lang: 'en' });
    await done(id);
    const status = await api('get', `/export-jobs/${id}`, orgA).expect(200);
    const file = await t.http
      .get(status.body.downloadUrl as string)
      .auth(orgA, { type: 'bearer' })
      .buffer(true)
      .parse(binary)
      .expect(200);
    const { rows } = await readXlsx(file.body as Buffer);
    expect(rows[0][1]).toBe('Full name');
    expect(rows).toHaveLength(31);
  });

  it('a job killed half-way through writing is retried: exactly one file and one audit entry', async () => {
    const storage = t.app.get(StorageService);
    const put = storage.put.bind(storage);
    let killed = 0;
    // The first attempt dies half-way through the file's first chunk (as a worker killed mid-stream; the writer
    // sends ~64 KB chunks, so 30 rows are one chunk): half of it is written, then nothing is kept.
    const spy = jest.spyOn(storage, 'put').mockImplementation(async (key, data, options) => {
      if (!key.startsWith('exports/') || killed > 0) return put(key, data, options);
      killed++;
      const dying = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          this.push(chunk.subarray(0, chunk.length >> 1));
          cb(new Error('worker killed half-way (test)'));
        },
      });
      pipeline(data as Readable, dying, () => undefined);
      return put(key, dying, options);
    });
    try {
      const before = exportFiles().length;
      const id = await ask({ kind: 'people', format: 'csv', unitId: A.id });
      await done(id);
      expect(killed).toBe(1);
      const [job] = await t.db.query<Array<{ attempts: number }>>(
        `SELECT attempts FROM job_run WHERE business_key = $1`,
        [exportJobKey(id)],
      );
      expect(job.attempts).toBe(2);
      expect(exportFiles().filter((f) => f.startsWith(id))).toEqual([`${id}.csv`]);
      expect(exportFiles()).toHaveLength(before + 1);
      expect(readdirSync(join(t.config.storageDir, 'tmp'))).toEqual([]);
      expect(await fileEntries(id)).toHaveLength(1);
      const status = await api('get', `/export-jobs/${id}`, orgA).expect(200);
      expect(status.body.rowCount).toBe(30);
    } finally {
      spy.mockRestore();
    }
  });

  it('"my exports" (API and page, with the session) lists only the caller\'s exports', async () => {
    const mine = await api('get', '/export-jobs', orgA).expect(200);
    expect(mine.body.length).toBeGreaterThanOrEqual(4);
    const theirs = await api('get', '/export-jobs', orgP).expect(200);
    expect(theirs.body).toEqual([]);
    const web = await t.given.webLogin(await t.given.account({ permission: Permission.Organiser, scopeUnit: A }));
    const form = await web.agent
      .post('/exports')
      .type('form')
      .send({ _csrf: web.csrf, kind: 'people', format: 'csv', unitId: A.id, mode: 'background' })
      .expect(303);
    expect(form.headers.location).toBe('/exports/mine?done=requested');
    await t.app.get(InProcessJobExecutor).onIdle();
    const page = await web.agent.get('/exports/mine').expect(200);
    expect(page.text).toContain('Tệp xuất của tôi');
    const href = /href="(\/api\/v1\/export-jobs\/[^"]+)"/
      .exec(page.text)?.[1]
      .replace(/&#x3D;/g, '=')
      .replace(/&amp;/g, '&');
    expect(href).toBeDefined();
    const file = await web.agent.get(href!).expect(200);
    expect(file.text).toContain('Nguyễn Thị Ánh 00');
    await web.agent.get(href!).expect(410);
  });

  it('files are deleted after 24 hours by the scheduled cleanup', async () => {
    const id = await ask({ kind: 'people', format: 'csv', unitId: A.id });
    await done(id);
    expect(exportFiles()).toContain(`${id}.csv`);
    t.clock.advance(25 * 3_600_000);
    try {
      const job = await t.app.get(ExportCleanupSchedule).run();
      expect(job.name).toBe(EXPORT_CLEANUP_JOB);
      expect(await waitForJob(t.db, job.businessKey)).toBe('succeeded');
      expect(exportFiles()).toEqual([]);
      const status = await api('get', `/export-jobs/${id}`, await t.given.tokenFor(orgAAccount)).expect(200);
      expect(status.body).toMatchObject({ link: 'deleted', downloadUrl: null });
    } finally {
      t.clock.advance(-25 * 3_600_000);
    }
  });
});
