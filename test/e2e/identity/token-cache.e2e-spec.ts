import { Permission } from '@app/common';
import { PRINCIPAL_TTL_MS } from '@app/identity';
import { createTestApp, TestApp } from '../../setup/test-app';

/**
 * Bearer requests reuse the account and grants for up to PRINCIPAL_TTL_MS (TokenService + PrincipalCache). A change
 * made through this process ends the token at once; one made elsewhere (another API process: here straight in the
 * database) within the TTL.
 */
describe('bearer tokens with the cached principal', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const me = (token: string) => t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const asAdmin = async () =>
    `Bearer ${await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }))}`;

  it('a removed grant ends the token at once, even right after the token was used', async () => {
    const admin = await asAdmin();
    const acc = await t.given.account({ permission: Permission.Organiser });
    const token = await t.given.tokenFor(acc);
    await me(token).expect(200); // cached now
    await t.http
      .delete(`/api/v1/accounts/${acc.id}/grants/${acc.grants[0].id}`)
      .set('Authorization', admin)
      .expect(200);
    const res = await me(token).expect(401);
    expect(res.body.message).toMatch(/permissions changed|log in again/);
  });

  it('an added grant ends the token at once (the new token carries the grant)', async () => {
    const admin = await asAdmin();
    const acc = await t.given.account({ permission: Permission.Learner });
    const token = await t.given.tokenFor(acc);
    await me(token).expect(200);
    t.clock.advance(1);
    await t.http
      .post(`/api/v1/accounts/${acc.id}/grants`)
      .set('Authorization', admin)
      .send({ permission: Permission.Organiser, scopeUnitId: acc.grants[0].scopeUnitId })
      .expect(201);
    await me(token).expect(401);
    const fresh = await me(await t.given.tokenFor(acc)).expect(200);
    expect(JSON.stringify(fresh.body)).toContain(Permission.Organiser);
  });

  it('an account disabled by another process is refused once the TTL has passed', async () => {
    const acc = await t.given.account();
    const token = await t.given.tokenFor(acc);
    await me(token).expect(200);
    await t.db.query(`UPDATE account SET status = 'disabled' WHERE id = $1`, [acc.id]);
    t.clock.advance(PRINCIPAL_TTL_MS);
    const res = await me(token).expect(401);
    expect(res.body.message).toMatch(/disabled/);
  });

  it('tokens revoked by another process are refused once the TTL has passed', async () => {
    const acc = await t.given.account();
    const token = await t.given.tokenFor(acc);
    await me(token).expect(200);
    t.clock.advance(1_000);
    await t.db.query(`UPDATE account SET tokens_valid_after = $2 WHERE id = $1`, [acc.id, t.clock.now()]);
    t.clock.advance(PRINCIPAL_TTL_MS);
    await me(token).expect(401);
  });
});
