import { Permission } from '@app/common';
import { createTestApp, TestApp } from '../../setup/test-app';
import type { GivenAccount, WebLogin } from '../../factories/identity';

// Issue 16, points 2 and 3: an export is audited before its first byte (audit, then stream), with a validated
// purpose; e-mail, phone and birth date are never in lists, and one person's are shown only to those who manage
// them, each view audited.
describe('contact data: audited exports, no contact details in lists', () => {
  let t: TestApp;
  let province: { id: string; code: string };
  let communeA: { id: string; code: string };
  let communeB: { id: string; code: string };
  let admin: string;
  let organiserA: GivenAccount;
  let organiserATok: string;
  let organiserBTok: string;
  let agencyTok: string;
  let organiserAWeb: WebLogin;
  let organiserBWeb: WebLogin;
  let agencyWeb: WebLogin;
  let personA: string;
  const EMAIL = 'hoa.tran@xa-a.gov.vn';
  const PHONE = '0912777888';
  const BIRTH = '1987-06-15';
  const CONTACT = [EMAIL, PHONE, BIRTH];
  const PURPOSE = 'gửi giấy mời tập huấn quý 3';

  const auditCount = async (actionLike: string, entityId?: string): Promise<number> => {
    const [row] = await t.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action LIKE $1 AND ($2::text IS NULL OR entity_id = $2)`,
      [actionLike, entityId ?? null],
    );
    return row.n;
  };
  const expectNoContact = (text: string) => {
    for (const value of CONTACT) expect(text).not.toContain(value);
  };

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit();
    communeA = await t.given.unit({ parent: province });
    communeB = await t.given.unit({ parent: province });
    admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    const hr = await t.given.roleId('HR_OFFICIAL');
    const created = await t.http
      .post('/api/v1/people')
      .auth(admin, { type: 'bearer' })
      .send({
        fullName: 'Trần Thị Hoa',
        employeeCode: 'CD-001',
        unitId: communeA.id,
        roleIds: [hr],
        email: EMAIL,
        phone: PHONE,
        birthDate: BIRTH,
      })
      .expect(201);
    personA = created.body.id;
    for (const [i, unitId] of [communeA.id, communeB.id].entries()) {
      await t.http
        .post('/api/v1/people')
        .auth(admin, { type: 'bearer' })
        .send({ fullName: `Lê Văn Số ${i + 2}`, unitId, roleIds: [hr], email: `so${i + 2}@xa.gov.vn` })
        .expect(201);
    }
    organiserA = await t.given.account({ permission: Permission.Organiser, scopeUnit: communeA });
    const organiserB = await t.given.account({ permission: Permission.Organiser, scopeUnit: communeB });
    const agency = await t.given.account({ permission: Permission.Agency, scopeUnit: province });
    organiserATok = await t.given.tokenFor(organiserA);
    organiserBTok = await t.given.tokenFor(organiserB);
    agencyTok = await t.given.tokenFor(agency);
    organiserAWeb = await t.given.webLogin(organiserA);
    organiserBWeb = await t.given.webLogin(organiserB);
    agencyWeb = await t.given.webLogin(agency);
  });
  afterAll(() => t.close());

  describe('GET /api/v1/roster/export.csv: audit, then stream', () => {
    const exportQuery = (purpose: string) =>
      `/api/v1/roster/export.csv?unitId=${communeA.id}&includeContact=true&purpose=${purpose}`;

    it.each([
      ['ending in %00', `${encodeURIComponent(PURPOSE)}%00`],
      ['with a tab inside', encodeURIComponent('gửi giấy mời\ttập huấn quý 3')],
      ['with a line break inside', encodeURIComponent('gửi giấy mời\ntập huấn quý 3')],
      ['with a private-use character', encodeURIComponent('gửi giấy mời \uE000 tập huấn')],
      ['too short once trimmed', encodeURIComponent('   mời họp          ')],
      ['too long', encodeURIComponent('a'.repeat(501))],
      ['with no letter', encodeURIComponent('1234567890 !!')],
    ])('refuses a purpose %s: 400 naming purpose, no CSV, nothing audited', async (_name, purpose) => {
      const before = await auditCount('roster.export%');
      const res = await t.http.get(exportQuery(purpose)).auth(organiserATok, { type: 'bearer' }).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(res.body.details[0].field).toBe('purpose');
      expectNoContact(res.text);
      expect(await auditCount('roster.export%')).toBe(before);
    });

    it('writes the audit entry before the first byte: when it cannot be written, nothing is sent', async () => {
      await t.db.query(`CREATE FUNCTION test_refuse_export_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit log refused by the test'; END $$`);
      await t.db.query(`CREATE TRIGGER test_refuse_export_audit BEFORE INSERT ON audit_log FOR EACH ROW
        WHEN (NEW.action = 'roster.export') EXECUTE FUNCTION test_refuse_export_audit()`);
      try {
        for (const query of [
          { unitId: communeA.id, includeContact: 'true', purpose: PURPOSE },
          { unitId: communeA.id },
        ]) {
          const res = await t.http
            .get('/api/v1/roster/export.csv')
            .query(query)
            .auth(organiserATok, { type: 'bearer' });
          expect(res.status).toBe(503);
          expect(res.headers['content-type']).toMatch(/application\/json/);
          expect(res.headers['content-disposition']).toBeUndefined();
          expect(res.body).toMatchObject({ statusCode: 503, error: 'EXPORT_NOT_AUDITED' });
          expectNoContact(res.text);
          expect(res.text).not.toContain('Trần Thị Hoa');
        }
        expect(await auditCount('roster.export%', communeA.id)).toBe(0);
      } finally {
        await t.db.query(`DROP TRIGGER test_refuse_export_audit ON audit_log`);
        await t.db.query(`DROP FUNCTION test_refuse_export_audit()`);
      }

      // The same export with the audit log working: its entry, then the file, then the row count.
      const ok = await t.http
        .get('/api/v1/roster/export.csv')
        .query({ unitId: communeA.id, includeContact: 'true', purpose: `  ${PURPOSE.normalize('NFD')}  ` })
        .auth(organiserATok, { type: 'bearer' })
        .expect(200);
      expect(ok.text).toContain(EMAIL);
      const entries = await t.db.query(
        `SELECT id::text, action, actor_account_id, details FROM audit_log
          WHERE action LIKE 'roster.export%' AND entity_id = $1 ORDER BY id`,
        [communeA.id],
      );
      expect(entries.map((e: { action: string }) => e.action)).toEqual(['roster.export', 'roster.export.end']);
      expect(entries[0].actor_account_id).toBe(organiserA.id);
      expect(entries[0].details).toMatchObject({
        scopeUnitId: communeA.id,
        filters: { unitId: communeA.id },
        includeContact: true,
        purpose: PURPOSE.normalize('NFC'),
      });
      expect(entries[0].details.columns).toEqual(expect.arrayContaining(['email', 'phone']));
      expect(entries[1].details).toEqual({ exportAuditId: entries[0].id, rowCount: 2, complete: true });
    });
  });

  describe('people lists and one person: the contact-data rule', () => {
    const listKeys = (items: Array<Record<string, unknown>>) => new Set(items.flatMap((p) => Object.keys(p)));

    it('an agency gets no e-mail, phone or birth date from the list, the detail or the pages', async () => {
      const list = await t.http.get('/api/v1/people?limit=500').auth(agencyTok, { type: 'bearer' }).expect(200);
      expect(list.body.total).toBe(3);
      const keys = listKeys(list.body.items);
      for (const k of ['email', 'phone', 'birthDate']) expect(keys.has(k)).toBe(false);
      expectNoContact(list.text);
      // Searching by e-mail is no oracle of contact details either.
      const byEmail = await t.http.get('/api/v1/people').query({ q: EMAIL }).auth(agencyTok, { type: 'bearer' });
      expect(byEmail.body.items).toEqual([]);

      const one = await t.http.get(`/api/v1/people/${personA}`).auth(agencyTok, { type: 'bearer' }).expect(200);
      expect(one.body).toMatchObject({ id: personA, fullName: 'Trần Thị Hoa', contactShown: false });
      for (const k of ['email', 'phone', 'birthDate']) expect(one.body).not.toHaveProperty(k);
      expectNoContact(one.text);

      const page = await agencyWeb.agent.get('/people').expect(200);
      expect(page.text).toContain('Trần Thị Hoa');
      expectNoContact(page.text);
      const personPage = await agencyWeb.agent.get(`/people/${personA}`).expect(200);
      expect(personPage.text).toContain('Trần Thị Hoa');
      expectNoContact(personPage.text);
      expect(await auditCount('person.contact_view', personA)).toBe(0);
    });

    it('an organiser gets none in the list, sees them in the detail of their own person (audited), 404 elsewhere', async () => {
      const before = await auditCount('person.contact_view', personA);
      const list = await t.http.get('/api/v1/people?limit=500').auth(organiserATok, { type: 'bearer' }).expect(200);
      expect(list.body.items.map((p: { id: string }) => p.id)).toContain(personA);
      const keys = listKeys(list.body.items);
      for (const k of ['email', 'phone', 'birthDate']) expect(keys.has(k)).toBe(false);
      expectNoContact(list.text);
      const listPage = await organiserAWeb.agent.get('/people').expect(200);
      expect(listPage.text).toContain('Trần Thị Hoa');
      expectNoContact(listPage.text);
      // The organiser may still find their own people by e-mail (the match is not shown, only the person).
      const byEmail = await t.http.get('/api/v1/people').query({ q: EMAIL }).auth(organiserATok, { type: 'bearer' });
      expect(byEmail.body.items.map((p: { id: string }) => p.id)).toEqual([personA]);
      expectNoContact(byEmail.text);
      expect(await auditCount('person.contact_view', personA)).toBe(before);

      const one = await t.http.get(`/api/v1/people/${personA}`).auth(organiserATok, { type: 'bearer' }).expect(200);
      expect(one.body).toMatchObject({ contactShown: true, email: EMAIL, phone: PHONE, birthDate: BIRTH });
      const views = await t.db.query(
        `SELECT actor_account_id, entity, details FROM audit_log
          WHERE action = 'person.contact_view' AND entity_id = $1 ORDER BY id`,
        [personA],
      );
      expect(views).toHaveLength(before + 1);
      expect(views[views.length - 1]).toMatchObject({ actor_account_id: organiserA.id, entity: 'person' });
      const page = await organiserAWeb.agent.get(`/people/${personA}`).expect(200);
      expect(page.text).toContain(EMAIL);
      expect(page.text).toContain(PHONE);
      expect(await auditCount('person.contact_view', personA)).toBe(before + 2);

      // The organiser of a sibling commune: as if the person did not exist, and nothing audited.
      const sibling = await t.http.get(`/api/v1/people/${personA}`).auth(organiserBTok, { type: 'bearer' });
      expect(sibling.status).toBe(404);
      expectNoContact(sibling.text);
      const siblingPage = await organiserBWeb.agent.get(`/people/${personA}`).set('Accept', 'text/html');
      expect(siblingPage.status).toBe(404);
      expectNoContact(siblingPage.text);
      expect(await auditCount('person.contact_view', personA)).toBe(before + 2);
    });

    it('shows nothing when the view cannot be audited', async () => {
      await t.db.query(`CREATE FUNCTION test_refuse_view_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit log refused by the test'; END $$`);
      await t.db.query(`CREATE TRIGGER test_refuse_view_audit BEFORE INSERT ON audit_log FOR EACH ROW
        WHEN (NEW.action = 'person.contact_view') EXECUTE FUNCTION test_refuse_view_audit()`);
      try {
        const res = await t.http.get(`/api/v1/people/${personA}`).auth(organiserATok, { type: 'bearer' });
        expect(res.status).toBeGreaterThanOrEqual(500);
        expectNoContact(res.text);
      } finally {
        await t.db.query(`DROP TRIGGER test_refuse_view_audit ON audit_log`);
        await t.db.query(`DROP FUNCTION test_refuse_view_audit()`);
      }
    });

    it('documents the rule in OpenAPI: list items have no contact fields, one person has them as optional', async () => {
      const docs = await t.http.get('/api/docs-json').expect(200);
      const schemas = docs.body.components.schemas;
      expect(Object.keys(schemas.PersonListItemResponse.properties)).not.toEqual(expect.arrayContaining(['email']));
      expect(schemas.PersonResponse).toBeDefined();
      const listOp = docs.body.paths['/api/v1/people'].get.responses['200'].content['application/json'].schema;
      expect(listOp.$ref).toBe('#/components/schemas/PersonListResponse');
    });
  });
});
