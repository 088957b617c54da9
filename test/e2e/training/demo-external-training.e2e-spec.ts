import { vietnamDay } from '@app/certificates';
import { Permission } from '@app/common';
import { UnitType } from '@app/org';
import { countingExternalRecords, DemoExternalTrainingSeeder } from '@app/training';
import { binary } from '../../factories/external-training';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The demo's training done elsewhere: a central workshop recorded for the province's first learner and approved by
 * the province's organiser for the learner's roles (it counts, with its roster change rows), and a second learner's
 * record rejected with a reason; the evidence is a real PDF in storage; a second run adds nothing.
 */

jest.setTimeout(120_000);

describe('demo: training done elsewhere', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('records an approved central workshop and a rejected record, once', async () => {
    const P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Vĩnh Long' });
    const X = await t.given.unit({ parent: P, name: 'Phường Một' });
    const first = await t.given.learner({ unit: X, roles: ['HR_OFFICIAL'], fullName: 'Trần Thị Một' });
    const second = await t.given.learner({ unit: X, roles: ['ICT_MANAGER'], fullName: 'Lê Văn Hai' });
    const [firstByLogin, secondByLogin] = [first, second].sort((a, b) => a.login.localeCompare(b.login));
    const organiser = await t.given.account({ permission: Permission.Organiser, scopeUnit: P });
    const seeder = t.app.get(DemoExternalTrainingSeeder);

    expect(await seeder.seed(P.id)).toEqual({ created: 2 });
    expect(await seeder.seed(P.id)).toEqual({ created: 0 });

    const rows = await t.db.query<
      Array<{ id: string; person_id: string; status: string; reason: string | null; decided_by: string }>
    >(`SELECT id, person_id, status, reason, decided_by FROM external_training ORDER BY status`);
    expect(rows).toEqual([
      expect.objectContaining({ person_id: firstByLogin.person.id, status: 'approved', decided_by: organiser.id }),
      expect.objectContaining({ person_id: secondByLogin.person.id, status: 'rejected', decided_by: organiser.id }),
    ]);
    expect(rows[1].reason).toMatch(/quyết định cử đi học/);
    const today = vietnamDay(t.clock.now());
    const counting = await t.db.query(`SELECT person_id, role_id FROM (${countingExternalRecords('$1')}) x`, [today]);
    const role = firstByLogin === first ? 'HR_OFFICIAL' : 'ICT_MANAGER';
    expect(counting).toEqual([{ person_id: firstByLogin.person.id, role_id: await t.given.roleId(role) }]);
    const changes = await t.db.query(`SELECT kind FROM roster_change WHERE payload->>'recordId' = $1`, [rows[0].id]);
    expect(changes).toEqual([{ kind: 'training_approved' }]);
    const token = await t.given.tokenFor(organiser);
    const evidence = await binary(
      t.http.get(`/api/v1/external-training/${rows[0].id}/evidence`).auth(token, { type: 'bearer' }),
    ).expect(200);
    expect((evidence.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect((evidence.body as Buffer).toString('latin1')).toContain('%%EOF');
  });
});
