import { Permission } from '@app/common';
import { createTestApp, TestApp } from '../../setup/test-app';

describe('unit history: move, rename, merge, split, close', () => {
  let t: TestApp;
  let token: string;
  let hrRoleId: string;
  beforeAll(async () => {
    t = await createTestApp();
    token = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    [{ id: hrRoleId }] = await t.db.query(`SELECT id FROM role WHERE code = 'HR_OFFICIAL'`);
  });
  afterAll(() => t.close());

  const api = {
    post: (url: string, body: object) => t.http.post(url).auth(token, { type: 'bearer' }).send(body),
    get: (url: string) => t.http.get(url).auth(token, { type: 'bearer' }),
  };
  const person = async (unitId: string, fullName: string, effectiveFrom = '2024-01-01') =>
    (await api.post('/api/v1/people', { fullName, unitId, roleIds: [hrRoleId], effectiveFrom }).expect(201)).body as {
      id: string;
    };
  const peopleUnder = async (unitId: string) =>
    ((await api.get(`/api/v1/people?unitId=${unitId}&limit=500`).expect(200)).body.items as Array<{ id: string }>)
      .map((p) => p.id)
      .sort();

  it('moves a commune to another parent: subtree queries follow at once and the history is kept', async () => {
    const oldParent = await t.given.unit({ name: 'Huyện Cũ' });
    const newParent = await t.given.unit({ name: 'Tỉnh Mới' });
    const commune = await t.given.unit({ parent: oldParent, name: 'Xã Di Chuyển' });
    const anh = await person(commune.id, 'Trần Văn Anh');

    await api
      .post(`/api/v1/units/${commune.id}/move`, { parentId: newParent.id, effectiveFrom: '2025-07-01' })
      .expect(200);

    expect(await peopleUnder(newParent.id)).toEqual([anh.id]);
    expect(await peopleUnder(oldParent.id)).toEqual([]);
    const before = await api.get(`/api/v1/units/${oldParent.id}/tree?asOf=2025-06-30`).expect(200);
    expect(before.body.map((u: { id: string }) => u.id)).toContain(commune.id);
    const after = await api.get(`/api/v1/units/${oldParent.id}/tree?asOf=2025-07-01`).expect(200);
    expect(after.body.map((u: { id: string }) => u.id)).not.toContain(commune.id);
    const history = await api.get(`/api/v1/people/${anh.id}/history`).expect(200);
    expect(history.body.memberships).toEqual([
      { unitId: commune.id, unitName: 'Xã Di Chuyển', validFrom: '2024-01-01', validTo: null },
    ]);
  });

  it('refuses to move a unit under its own descendant (409) and the country (409)', async () => {
    const province = await t.given.unit();
    const commune = await t.given.unit({ parent: province });
    const res = await api.post(`/api/v1/units/${province.id}/move`, { parentId: commune.id }).expect(409);
    expect(res.body.details).toEqual([{ field: 'parentId', reason: 'inside the moved subtree' }]);
    await api.post(`/api/v1/units/${province.id}/move`, { parentId: province.id }).expect(409);
  });

  it('merges two communes: their people appear under the successor, earlier trees still show them', async () => {
    const province = await t.given.unit({ name: 'Tỉnh Sáp Nhập' });
    const a = await t.given.unit({ parent: province, name: 'Xã A' });
    const b = await t.given.unit({ parent: province, name: 'Xã B' });
    const successor = await t.given.unit({ parent: province, name: 'Xã Mới' });
    const pa = await person(a.id, 'Lê Thị Hoa');
    const pb = await person(b.id, 'Phạm Văn Bình');

    await api
      .post('/api/v1/units/merge', { sourceIds: [a.id, b.id], targetId: successor.id, effectiveFrom: '2025-07-01' })
      .expect(200);

    expect(await peopleUnder(successor.id)).toEqual([pa.id, pb.id].sort());
    const history = await api.get(`/api/v1/people/${pa.id}/history`).expect(200);
    expect(history.body.memberships).toEqual([
      { unitId: a.id, unitName: 'Xã A', validFrom: '2024-01-01', validTo: '2025-07-01' },
      { unitId: successor.id, unitName: 'Xã Mới', validFrom: '2025-07-01', validTo: null },
    ]);
    const tree = (d: string) => api.get(`/api/v1/units/${province.id}/tree?asOf=${d}`).expect(200);
    expect((await tree('2025-06-30')).body.map((u: { name: string }) => u.name)).toEqual(
      expect.arrayContaining(['Xã A', 'Xã B', 'Xã Mới']),
    );
    expect((await tree('2025-07-01')).body.map((u: { name: string }) => u.name).sort()).toEqual([
      'Tỉnh Sáp Nhập',
      'Xã Mới',
    ]);
    // A closed unit takes no more changes.
    await api.post(`/api/v1/units/${a.id}/rename`, { name: 'Xã A2' }).expect(409);
  });

  it('refuses to merge a unit into itself (400)', async () => {
    const u = await t.given.unit();
    const res = await api.post('/api/v1/units/merge', { sourceIds: [u.id], targetId: u.id }).expect(400);
    expect(res.body.details).toEqual([{ field: 'sourceIds', reason: 'contains targetId' }]);
  });

  it('refuses to close a unit with active people, saying how many (409), and closes it once they moved', async () => {
    const province = await t.given.unit();
    const commune = await t.given.unit({ parent: province });
    const other = await t.given.unit({ parent: province });
    const p1 = await person(commune.id, 'Đỗ Thị Lan');
    const p2 = await person(commune.id, 'Vũ Văn Nam');
    const res = await api.post(`/api/v1/units/${commune.id}/close`, { effectiveFrom: '2025-01-01' }).expect(409);
    expect(res.body.message).toContain('2 active people');
    for (const p of [p1, p2]) {
      await api.post(`/api/v1/people/${p.id}/move`, { unitId: other.id, effectiveFrom: '2025-01-01' }).expect(200);
    }
    await api.post(`/api/v1/units/${commune.id}/close`, { effectiveFrom: '2025-01-01' }).expect(200);
  });

  it('splits a commune into two, each with the people listed for it', async () => {
    const province = await t.given.unit();
    const commune = await t.given.unit({ parent: province });
    const p1 = await person(commune.id, 'Hoàng Minh Tuấn');
    const p2 = await person(commune.id, 'Bùi Thị Mai');
    const res = await api
      .post(`/api/v1/units/${commune.id}/split`, {
        effectiveFrom: '2025-07-01',
        parts: [
          { code: `${commune.code}-N`, name: 'Xã Bắc', personIds: [p1.id] },
          { code: `${commune.code}-S`, name: 'Xã Nam', personIds: [p2.id] },
        ],
      })
      .expect(200);
    expect(res.body.map((u: { name: string }) => u.name)).toEqual(['Xã Bắc', 'Xã Nam']);
    expect(await peopleUnder(res.body[0].id)).toEqual([p1.id]);
    expect(await peopleUnder(res.body[1].id)).toEqual([p2.id]);
  });

  it('renames with history and rejects a change dated before the current state (400)', async () => {
    const u = await t.given.unit({ name: 'Sở Thông tin và Truyền thông' });
    await api
      .post(`/api/v1/units/${u.id}/rename`, { name: 'Sở Văn hóa và Thể thao', effectiveFrom: '2025-03-01' })
      .expect(200);
    const bad = await api
      .post(`/api/v1/units/${u.id}/rename`, { name: 'Tên khác', effectiveFrom: '2025-02-01' })
      .expect(400);
    expect(bad.body.details).toEqual([{ field: 'effectiveFrom', reason: 'before 2025-03-01' }]);
    const [root] = (await api.get(`/api/v1/units/${u.id}/tree?asOf=2025-02-28`).expect(200)).body;
    expect(root.name).toBe('Sở Thông tin và Truyền thông');
    await api.post(`/api/v1/units/${u.id}/rename`, { name: 'X', effectiveFrom: '2025-02-31' }).expect(400);
  });

  it('keeps organisers of a sibling out (404)', async () => {
    const province = await t.given.unit();
    const a = await t.given.unit({ parent: province });
    const b = await t.given.unit({ parent: province });
    const organiserA = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: a }),
    );
    await t.http
      .post(`/api/v1/units/${b.id}/rename`)
      .auth(organiserA, { type: 'bearer' })
      .send({ name: 'Chiếm' })
      .expect(404);
    await t.http
      .post('/api/v1/units/merge')
      .auth(organiserA, { type: 'bearer' })
      .send({ sourceIds: [b.id], targetId: a.id })
      .expect(404);
  });
});
