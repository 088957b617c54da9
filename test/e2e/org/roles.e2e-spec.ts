import { Permission } from '@app/common';
import { createTestApp, TestApp } from '../../setup/test-app';

describe('/api/v1/roles', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('lists the catalogue seeded from the plans, Vietnamese and English', async () => {
    const learner = await t.given.account({ permission: Permission.Learner });
    const res = await t.http
      .get('/api/v1/roles')
      .auth(await t.given.tokenFor(learner), { type: 'bearer' })
      .expect(200);
    const codes = res.body.map((r: { code: string }) => r.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'HR_OFFICIAL',
        'ICT_MANAGER',
        'PRESS_FOREIGN_INFO',
        'SOCIO_POLITICAL_KEY',
        'PUBLIC_LEARNER',
      ]),
    );
    expect(res.body.find((r: { code: string }) => r.code === 'HR_OFFICIAL')).toMatchObject({
      nameVi: 'Cán bộ làm công tác quyền con người',
      nameEn: 'Officials who work on human rights',
    });
  });

  it('lets an admin add and retire a role; retired roles leave the default list', async () => {
    const admin = await t.given.account({ permission: Permission.Admin });
    const token = await t.given.tokenFor(admin);
    const created = await t.http
      .post('/api/v1/roles')
      .auth(token, { type: 'bearer' })
      .send({ code: 'commune_culture', nameVi: 'Công chức Văn hóa - Xã hội', nameEn: 'Commune culture officers' })
      .expect(201);
    expect(created.body.code).toBe('COMMUNE_CULTURE');
    await t.http
      .post('/api/v1/roles')
      .auth(token, { type: 'bearer' })
      .send({ code: 'COMMUNE_CULTURE', nameVi: 'Trùng', nameEn: 'Dup' })
      .expect(409);
    await t.http.post(`/api/v1/roles/${created.body.id}/retire`).auth(token, { type: 'bearer' }).expect(201);
    const list = await t.http.get('/api/v1/roles').auth(token, { type: 'bearer' }).expect(200);
    expect(list.body.map((r: { code: string }) => r.code)).not.toContain('COMMUNE_CULTURE');
    const all = await t.http.get('/api/v1/roles?includeRetired=true').auth(token, { type: 'bearer' }).expect(200);
    expect(all.body.find((r: { code: string }) => r.code === 'COMMUNE_CULTURE')).toMatchObject({ retired: true });
  });

  it('refuses an organiser who tries to change the catalogue (403)', async () => {
    const organiser = await t.given.account({ permission: Permission.Organiser });
    const token = await t.given.tokenFor(organiser);
    await t.http
      .post('/api/v1/roles')
      .auth(token, { type: 'bearer' })
      .send({ code: 'X_ROLE', nameVi: 'Vai trò', nameEn: 'Role' })
      .expect(403);
  });
});
