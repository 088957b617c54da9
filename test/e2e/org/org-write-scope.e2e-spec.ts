import { Permission } from '@app/common';
import { createTestApp, TestApp } from '../../setup/test-app';

/**
 * Scope on every write of the org context: an organiser changes people and units inside their subtree only.
 * Each refused write is checked to leave every table exactly as it was; the same requests made by the province's
 * organiser then succeed, so the refusals are about scope and not about a malformed request.
 */
describe('org writes stay inside the organiser’s subtree', () => {
  let t: TestApp;
  let province: { id: string; code: string };
  let communeA: { id: string; code: string };
  let wardA1: { id: string; code: string };
  let communeB: { id: string; code: string };
  let inA: { id: string };
  let inB: { id: string };
  let hrRoleId: string;
  /** Organiser of commune A only: the sibling commune B is out of sight (404). */
  let organiserA: string;
  /** Organiser of commune A who may also read the whole province: B is visible but not theirs (403). */
  let organiserAReader: string;
  let organiserP: string;

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit();
    communeA = await t.given.unit({ parent: province });
    wardA1 = await t.given.unit({ parent: communeA });
    communeB = await t.given.unit({ parent: province });
    inA = await t.given.person({ unit: communeA, roles: ['HR_OFFICIAL'] });
    inB = await t.given.person({ unit: communeB, roles: ['HR_OFFICIAL'] });
    hrRoleId = await t.given.roleId('HR_OFFICIAL');
    const token = async (o: Parameters<TestApp['given']['account']>[0]) => t.given.tokenFor(await t.given.account(o));
    [organiserA, organiserAReader, organiserP] = await Promise.all([
      token({ permission: Permission.Organiser, scopeUnit: communeA }),
      token({
        permission: Permission.Organiser,
        scopeUnit: communeA,
        also: [{ permission: Permission.Agency, scopeUnit: province }],
      }),
      token({ permission: Permission.Organiser, scopeUnit: province }),
    ]);
  });
  afterAll(() => t.close());

  const post = (token: string, url: string, body: object) =>
    t.http.post(url).auth(token, { type: 'bearer' }).send(body);

  /** A digest of every table of the schema: equal digests mean nothing was written anywhere. */
  const everything = async (): Promise<Record<string, string>> => {
    const tables = await t.db.query<Array<{ name: string }>>(
      `SELECT quote_ident(table_name) AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const digests: Record<string, string> = {};
    for (const { name } of tables) {
      const [{ digest }] = await t.db.query(
        `SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS digest FROM ${name} x`,
      );
      digests[name] = digest;
    }
    return digests;
  };

  /** The writes an organiser of A must not make, with the status each must get. */
  const writes = () => ({
    'move a person of A into the sibling commune B': [`/api/v1/people/${inA.id}/move`, { unitId: communeB.id }],
    'move a person of B into A': [`/api/v1/people/${inB.id}/move`, { unitId: communeA.id }],
    'change the status of a person of B': [`/api/v1/people/${inB.id}/status`, { status: 'left' }],
    'add a person to B': [`/api/v1/people`, { fullName: 'Người Lạ', unitId: communeB.id, roleIds: [hrRoleId] }],
    'create a unit under B': [
      `/api/v1/units`,
      { code: `${communeB.code}-X`, name: 'Thôn Mới', type: 'commune', parentId: communeB.id },
    ],
    'rename B': [`/api/v1/units/${communeB.id}/rename`, { name: 'Xã Đổi Tên' }],
    'move B under A': [`/api/v1/units/${communeB.id}/move`, { parentId: communeA.id }],
    'move a ward of A under B': [`/api/v1/units/${wardA1.id}/move`, { parentId: communeB.id }],
    'move A under B': [`/api/v1/units/${communeA.id}/move`, { parentId: communeB.id }],
    'split B': [
      `/api/v1/units/${communeB.id}/split`,
      {
        parts: [
          { code: `${communeB.code}-N`, name: 'Xã Bắc', personIds: [inB.id] },
          { code: `${communeB.code}-S`, name: 'Xã Nam', personIds: [] },
        ],
      },
    ],
    'close B': [`/api/v1/units/${communeB.id}/close`, {}],
    'merge B into A': [`/api/v1/units/merge`, { sourceIds: [communeB.id], targetId: communeA.id }],
    'merge a ward of A into B': [`/api/v1/units/merge`, { sourceIds: [wardA1.id], targetId: communeB.id }],
  });
  type Write = keyof ReturnType<typeof writes>;

  /** What each write answers: out of sight → 404; in sight but not managed → 403. */
  const expected: Record<Write, { organiserA: number; organiserAReader: number }> = {
    'move a person of A into the sibling commune B': { organiserA: 404, organiserAReader: 403 },
    'move a person of B into A': { organiserA: 404, organiserAReader: 404 },
    'change the status of a person of B': { organiserA: 404, organiserAReader: 404 },
    'add a person to B': { organiserA: 404, organiserAReader: 403 },
    'create a unit under B': { organiserA: 404, organiserAReader: 403 },
    'rename B': { organiserA: 404, organiserAReader: 403 },
    'move B under A': { organiserA: 404, organiserAReader: 403 },
    'move a ward of A under B': { organiserA: 404, organiserAReader: 403 },
    // Restructuring A itself belongs to the level above A: refused before B is even looked at.
    'move A under B': { organiserA: 403, organiserAReader: 403 },
    'split B': { organiserA: 404, organiserAReader: 403 },
    'close B': { organiserA: 404, organiserAReader: 403 },
    'merge B into A': { organiserA: 404, organiserAReader: 403 },
    'merge a ward of A into B': { organiserA: 404, organiserAReader: 403 },
  };

  it.each(Object.keys(expected) as Write[])(
    'an organiser of A cannot %s, and the refusal writes nothing',
    async (w) => {
      const [url, body] = writes()[w] as [string, object];
      for (const who of ['organiserA', 'organiserAReader'] as const) {
        const before = await everything();
        const res = await post(who === 'organiserA' ? organiserA : organiserAReader, url, body);
        expect({ who, status: res.status }).toEqual({ who, status: expected[w][who] });
        expect(await everything()).toEqual(before);
      }
    },
  );

  it('the same writes succeed for the province’s organiser, and an organiser of A still manages A', async () => {
    const ok = async (token: string, w: Write) => {
      const [url, body] = writes()[w] as [string, object];
      const res = await post(token, url, body);
      expect({ w, status: res.status }).toEqual({ w, status: url.endsWith('/api/v1/people') ? 201 : 200 });
      return res.body;
    };
    // Inside their own subtree the organiser of A may move people and units.
    await post(organiserA, `/api/v1/people/${inA.id}/move`, { unitId: wardA1.id }).expect(200);
    await post(organiserA, `/api/v1/people/${inA.id}/status`, { status: 'on_leave' }).expect(200);
    await post(organiserA, `/api/v1/units/${wardA1.id}/rename`, { name: 'Thôn A1' }).expect(200);

    await ok(organiserP, 'move a person of A into the sibling commune B');
    await ok(organiserP, 'change the status of a person of B');
    await ok(organiserP, 'add a person to B');
    await ok(organiserP, 'rename B');
    await ok(organiserP, 'move a ward of A under B');
    await ok(organiserP, 'merge a ward of A into B');
    // A split lists every member of the unit: by now B has more people than the refused request named.
    const members = await t.db.query<Array<{ id: string }>>(`SELECT id FROM person WHERE unit_id = $1`, [communeB.id]);
    expect(members.length).toBeGreaterThan(1);
    const split = writes()['split B'] as [string, { parts: Array<{ personIds: string[] }> }];
    split[1].parts[0].personIds = members.map((p) => p.id);
    const [, south] = (await post(organiserP, split[0], split[1]).expect(200)).body;
    await post(organiserP, `/api/v1/units/${south.id}/close`, {}).expect(200);
  });
});
