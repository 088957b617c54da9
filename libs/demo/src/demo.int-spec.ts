import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig, Clock, loadAppConfig, StartBanner } from '@app/common';
import { dataSourceOptions } from '@app/db';
import { verifyPassword } from '@app/identity';
import { DemoCertificatesSeeder } from '@app/certificates';
import { DemoExamSeeder } from '@app/exams';
import { DemoCourseSeeder } from '@app/learning';
import { DemoExternalTrainingSeeder, DemoSessionsSeeder } from '@app/training';
import { createTestDatabase, dropTestDatabase } from '../../../test/setup/test-database';
import { DemoBootstrapService } from './demo-bootstrap.service';
import { DemoSeedReport, seedDemo } from './demo-seed';

const TODAY = '2026-03-15';
const PASSWORD = 'demo-password-0123';
const SECRET = 'seed-spec-secret-0123456789abcdef0123456789';

const fixedClock: Clock = { now: () => new Date(`${TODAY}T09:00:00Z`), today: () => TODAY };

function configFor(url: string, env: Record<string, string>): AppConfig {
  return loadAppConfig({
    DATABASE_URL: url,
    SESSION_SECRET: SECRET,
    JWT_SECRET: SECRET,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'moc-seed-')),
    LOG_LEVEL: 'silent',
    ...env,
  });
}

async function open(): Promise<{ url: string; db: DataSource }> {
  const url = await createTestDatabase();
  const db = new DataSource({ ...dataSourceOptions(url), extra: { max: 3 } });
  await db.initialize();
  return { url, db };
}

const count = async (db: DataSource, sql: string, params: unknown[] = []): Promise<number> => {
  const [row] = await db.query<Array<{ n: number }>>(`SELECT (${sql})::int AS n`, params);
  return row.n;
};

/** A demo course or exam seeder that records its calls (the course is learning's and the exam exams', tested there). */
const seeder = <T>(): T & { seed: jest.Mock } =>
  ({ seed: jest.fn(() => Promise.resolve({})) }) as unknown as T & { seed: jest.Mock };
const courseSeeder = (): DemoCourseSeeder & { seed: jest.Mock } => seeder<DemoCourseSeeder>();
const examSeeder = (): DemoExamSeeder & { seed: jest.Mock } => seeder<DemoExamSeeder>();
const certificatesSeeder = (): DemoCertificatesSeeder & { seed: jest.Mock } => seeder<DemoCertificatesSeeder>();
const externalTrainingSeeder = (): DemoExternalTrainingSeeder & { seed: jest.Mock } =>
  seeder<DemoExternalTrainingSeeder>();
const sessionsSeeder = (): DemoSessionsSeeder & { seed: jest.Mock } => seeder<DemoSessionsSeeder>();

describe('demo data: the demo province with its accounts, and the first-start bootstrap', () => {
  const opened: Array<{ url: string; db: DataSource }> = [];
  let a: DataSource;
  let b: DataSource;
  let report: DemoSeedReport;

  beforeAll(async () => {
    opened.push(await open(), await open());
    [a, b] = opened.map((o) => o.db);
    report = await seedDemo(a, { size: 'demo', today: TODAY, demoPassword: PASSWORD });
  });
  afterAll(async () => {
    for (const o of opened) {
      await o.db.destroy();
      await dropTestDatabase(o.url);
    }
  });

  it('creates the demo accounts with the given password, learners linked to people', async () => {
    const accounts = await a.query<
      Array<{ login: string; permission: string; scope: string; hash: string; linked: number }>
    >(
      `SELECT a.login, g.permission, s.code AS scope, a.password_hash AS hash,
              (SELECT count(*)::int FROM person p WHERE p.account_id = a.id) AS linked
         FROM account a JOIN account_grant g ON g.account_id = a.id JOIN org_unit s ON s.id = g.scope_unit_id
        ORDER BY a.login`,
    );
    expect(accounts.map(({ login, permission, linked }) => [login, permission, linked])).toEqual([
      ['demo.coquan', 'agency', 0],
      ['demo.hocvien1', 'learner', 1],
      ['demo.hocvien2', 'learner', 1],
      ['demo.hocvien3', 'learner', 1],
      ['demo.tochuc.tinh', 'organiser', 0],
      ['demo.tochuc.xa', 'organiser', 0],
    ]);
    expect(accounts.find((x) => x.login === 'demo.tochuc.tinh')!.scope).toBe('VL');
    // Phường Phú Khương, a real ward (official code 28756).
    expect(accounts.find((x) => x.login === 'demo.tochuc.xa')!.scope).toBe('VL-28756');
    expect(await verifyPassword(accounts[0].hash, PASSWORD)).toBe(true);
    expect(await verifyPassword(accounts[0].hash, `${PASSWORD}x`)).toBe(false);
    expect(report.generatedPassword).toBeNull();
  });

  it('does nothing the second time: the accounts stay as they were', async () => {
    const again = await seedDemo(a, { size: 'demo', today: TODAY, demoPassword: `${PASSWORD}x` });
    expect(again).toMatchObject({ outcome: 'exists', accounts: [], generatedPassword: null });
    expect(await count(a, `SELECT count(*) FROM account`)).toBe(6);
  });

  it('loads on first start through the bootstrap, identical row for row, and only once', async () => {
    const config = configFor(opened[1].url, { NODE_ENV: 'development', DEMO_DATA: 'true', ADMIN_PASSWORD: PASSWORD });
    const [course, exam, certificates, training, sessions] = [
      courseSeeder(),
      examSeeder(),
      certificatesSeeder(),
      externalTrainingSeeder(),
      sessionsSeeder(),
    ];
    const banner = new StartBanner();
    const bootstrap = new DemoBootstrapService(
      b,
      config,
      fixedClock,
      course,
      exam,
      certificates,
      training,
      sessions,
      banner,
    );
    expect(await bootstrap.loadIfEmpty()).toMatchObject({ outcome: 'created' });
    expect(await bootstrap.loadIfEmpty()).toBeNull();
    // The start banner says, once, where the demo is and how to sign in (ADMIN_PASSWORD set: not echoed).
    const shown = banner.render('http://localhost:3000');
    expect(shown.match(/Demo: Tỉnh Vĩnh Long/g)).toHaveLength(1);
    expect(shown).toMatch(/demo\.tochuc\.tinh +organiser/);
    expect(shown).toMatch(/demo\.hocvien3 +learner/);
    expect(shown).toContain('password: the ADMIN_PASSWORD you set');
    expect(shown).not.toContain(PASSWORD);
    const rows = `SELECT p.id, p.employee_code, p.full_name, p.gender, p.birth_date::text, p.email, p.status, u.code,
        (SELECT string_agg(r.role_id::text || r.valid_from, ',' ORDER BY r.role_id) FROM person_role r WHERE r.person_id = p.id) AS roles,
        (SELECT string_agg(m.unit_id::text || m.valid_from, ',' ORDER BY m.valid_from) FROM person_membership m WHERE m.person_id = p.id) AS units
      FROM person p JOIN org_unit u ON u.id = p.unit_id ORDER BY p.employee_code`;
    const [left, right] = await Promise.all([a.query<unknown[]>(rows), b.query<unknown[]>(rows)]);
    expect(right).toHaveLength(3000);
    expect(right).toEqual(left);
    const units = `SELECT id, code, name, type, parent_id FROM org_unit ORDER BY code`;
    expect(await b.query(units)).toEqual(await a.query(units));
    const headcounts = `SELECT unit_id, role_id, year, headcount FROM unit_headcount ORDER BY 1, 2`;
    expect(await b.query(headcounts)).toEqual(await a.query(headcounts));
    const accounts = `SELECT id, login, display_name, home_unit_id FROM account ORDER BY login`;
    expect(await b.query(accounts)).toEqual(await a.query(accounts));
    // The steps run once the province is there: learning's demo course, then the exams' final exam.
    await bootstrap.runSteps();
    expect(course.seed).toHaveBeenCalledWith(report.provinceIds[0], expect.any(AbortSignal));
    expect(exam.seed).toHaveBeenCalledWith(report.provinceIds[0], expect.any(AbortSignal));
    expect(course.seed.mock.invocationCallOrder[0]).toBeLessThan(exam.seed.mock.invocationCallOrder[0]);
    // …then the certificates due to those who completed it.
    expect(certificates.seed).toHaveBeenCalledWith(report.provinceIds[0], expect.any(AbortSignal));
    expect(exam.seed.mock.invocationCallOrder[0]).toBeLessThan(certificates.seed.mock.invocationCallOrder[0]);
    // …and last the training done elsewhere.
    expect(training.seed).toHaveBeenCalledWith(report.provinceIds[0], expect.any(AbortSignal));
    expect(certificates.seed.mock.invocationCallOrder[0]).toBeLessThan(training.seed.mock.invocationCallOrder[0]);
    // …and training's past sessions with their attendance and certificates.
    expect(sessions.seed).toHaveBeenCalledWith(report.provinceIds[0], expect.any(AbortSignal));
    expect(certificates.seed.mock.invocationCallOrder[0]).toBeLessThan(sessions.seed.mock.invocationCallOrder[0]);
  });

  it('a shutdown during the first-start load rolls it back, and the next start loads it', async () => {
    const fresh = await open();
    opened.push(fresh);
    const config = configFor(fresh.url, { NODE_ENV: 'development', DEMO_DATA: 'true', ADMIN_PASSWORD: PASSWORD });
    const [course, exam] = [courseSeeder(), examSeeder()];
    const first = new DemoBootstrapService(
      fresh.db,
      config,
      fixedClock,
      course,
      exam,
      certificatesSeeder(),
      externalTrainingSeeder(),
      sessionsSeeder(),
      new StartBanner(),
    );
    first.onApplicationBootstrap();
    // The load is under way (inside its transaction) while the seeder holds its advisory lock.
    const lockHeld = `SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
      WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()`;
    for (let i = 0; (await count(fresh.db, lockHeld)) === 0; i++) {
      if (i > 500) throw new Error('the demo load never started');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await first.onModuleDestroy();
    expect(await count(fresh.db, `SELECT count(*) FROM org_unit WHERE type = 'province'`)).toBe(0);
    expect(await count(fresh.db, `SELECT count(*) FROM person`)).toBe(0);
    expect(course.seed).not.toHaveBeenCalled();
    expect(exam.seed).not.toHaveBeenCalled();

    const second = new DemoBootstrapService(
      fresh.db,
      config,
      fixedClock,
      courseSeeder(),
      examSeeder(),
      certificatesSeeder(),
      externalTrainingSeeder(),
      sessionsSeeder(),
      new StartBanner(),
    );
    expect(await second.loadIfEmpty()).toMatchObject({ outcome: 'created', people: 3000 });
  });

  it('is a no-op in tests and when DEMO_DATA is off', async () => {
    const fresh = await open();
    opened.push(fresh);
    for (const env of [
      { NODE_ENV: 'test', DEMO_DATA: 'true' },
      { NODE_ENV: 'development', DEMO_DATA: 'false' },
    ]) {
      const bootstrap = new DemoBootstrapService(
        fresh.db,
        configFor(fresh.url, env),
        fixedClock,
        courseSeeder(),
        examSeeder(),
        certificatesSeeder(),
        externalTrainingSeeder(),
        sessionsSeeder(),
        new StartBanner(),
      );
      bootstrap.onApplicationBootstrap();
      await bootstrap.onModuleDestroy();
    }
    expect(await count(fresh.db, `SELECT count(*) FROM org_unit WHERE type = 'province'`)).toBe(0);
  });
});
