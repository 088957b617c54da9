import { seedDemo } from '@app/demo';
import { DemoCertificatesSeeder } from '@app/certificates';
import { DemoCourseSeeder } from '@app/learning';
import { countingSessionRecords, DemoSessionsSeeder } from '@app/training';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The demo's in-person training: on the demo province (after its course and certificates), three past sessions
 * organised by the province with attendance made final; the people present hold session certificates that count
 * for their roles, and they are trained only in person (no course certificate). Running it again adds nothing.
 */

jest.setTimeout(300_000);

describe('demo sessions', () => {
  let t: TestApp;
  let provinceId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const roster = await seedDemo(t.db, { size: 'demo', today: t.clock.today(), demoPassword: 'demo-password-0123' });
    provinceId = roster.provinceIds[0];
    await t.app.get(DemoCourseSeeder).seed(provinceId);
    await t.app.get(DemoCertificatesSeeder).seed(provinceId);
  });
  afterAll(() => t.close());

  it('loads three past sessions with attendance and certificates, once', async () => {
    const report = await t.app.get(DemoSessionsSeeder).seed(provinceId);
    expect(report).toEqual({ sessions: 3, present: 86, certificates: 86 });
    const sessions = await t.db.query<Array<{ kind: string; closed: boolean; past: boolean }>>(
      `SELECT kind, attendance_closed_at IS NOT NULL AS closed, ends_at < now() AS past FROM training_session
        WHERE organiser_unit_id = $1 ORDER BY starts_at`,
      [provinceId],
    );
    expect(sessions).toEqual([
      { kind: 'training', closed: true, past: true },
      { kind: 'workshop', closed: true, past: true },
      { kind: 'seminar', closed: true, past: true },
    ]);
    const onlyInPerson = await t.db.query<Array<{ n: number }>>(
      `SELECT count(DISTINCT r.person_id)::int AS n FROM (${countingSessionRecords('$1')}) r
        WHERE NOT EXISTS (SELECT 1 FROM certificate c WHERE c.person_id = r.person_id AND c.kind = 'course')`,
      [t.clock.today()],
    );
    expect(onlyInPerson[0].n).toBeGreaterThanOrEqual(40); // 86 presences of 45 invitees, most at two or three sessions
    expect(await t.app.get(DemoSessionsSeeder).seed(provinceId)).toEqual({ sessions: 0, present: 0, certificates: 0 });
  });
});
