import { hash } from '@node-rs/argon2';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { stableUuid } from './stable-uuid';
import type { SeedPlan } from './unit-plan';

export type PasswordHasher = (password: string) => Promise<string>;

/**
 * Argon2id with the parameters of @app/identity's hashPassword (OWASP: 19 MiB, t=2, p=1). The identity lib depends
 * on this one, so it cannot be imported here; the seed int-spec checks that identity's verifyPassword accepts it.
 * The CLI passes identity's hashPassword itself.
 */
export const argon2idHash: PasswordHasher = (password) =>
  hash(password.normalize('NFC'), { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });

export interface DemoAccount {
  login: string;
  permission: 'organiser' | 'agency' | 'learner';
  accountId: string;
  scopeUnitId: string;
  /** The roster person the account belongs to (learners). */
  personId: string | null;
  /** False when the login was already taken: the account was left as it was. */
  created: boolean;
}

interface Spec {
  login: string;
  permission: DemoAccount['permission'];
  displayName: string;
  scopeCode: string;
  homeCode: string;
  /** For learners: the first active person (by employee code) under this unit. */
  personUnder?: string;
}

function specs(plan: SeedPlan): Spec[] {
  const p = plan.provinces[0].spec;
  const province = plan.units[plan.provinces[0].unit];
  const commune = plan.units.find((u) => u.code === `${p.code}-X001`) ?? plan.units.find((u) => u.kind === 'commune')!;
  const learner = (n: number, under: string): Spec => ({
    login: `demo.hocvien${n}`,
    permission: 'learner',
    displayName: '',
    scopeCode: under,
    homeCode: under,
    personUnder: under,
  });
  return [
    {
      login: 'demo.tochuc.tinh',
      permission: 'organiser',
      displayName: `Tổ chức tập huấn – ${province.name}`,
      scopeCode: province.code,
      homeCode: province.code,
    },
    {
      login: 'demo.tochuc.xa',
      permission: 'organiser',
      displayName: `Tổ chức tập huấn – ${commune.name}`,
      scopeCode: commune.code,
      homeCode: commune.code,
    },
    {
      login: 'demo.coquan',
      permission: 'agency',
      displayName: `Sở Văn hóa, Thể thao và Du lịch – ${province.name}`,
      scopeCode: province.code,
      homeCode: `${p.code}-SVHTTDL`,
    },
    learner(1, commune.code),
    learner(2, `${p.code}-SVHTTDL`),
    learner(3, `${p.code}-BAO`),
  ];
}

/**
 * The demo accounts, all with `password`: organisers of the province and of one commune, an agency over the
 * province, and three learners linked to people on the roster (person.account_id). Ids are stable.
 */
export async function createDemoAccounts(
  m: EntityManager,
  plan: SeedPlan,
  password: string,
  hashPassword: PasswordHasher,
): Promise<DemoAccount[]> {
  const unitId = new Map(plan.units.map((u) => [u.code, u.id]));
  const audit = new AuditService(m.connection);
  const out: DemoAccount[] = [];
  for (const s of specs(plan)) {
    let person: { id: string; unitId: string; fullName: string } | null = null;
    if (s.personUnder) {
      const rows = await m.query<Array<{ id: string; unitId: string; fullName: string }>>(
        `SELECT p.id, p.unit_id AS "unitId", p.full_name AS "fullName"
           FROM org_unit_closure c JOIN person p ON p.unit_id = c.descendant_id
          WHERE c.ancestor_id = $1 AND p.status = 'active' AND p.account_id IS NULL
          ORDER BY p.employee_code LIMIT 1`,
        [unitId.get(s.personUnder)],
      );
      person = rows[0] ?? null;
      if (!person) continue;
    }
    const scopeUnitId = person?.unitId ?? unitId.get(s.scopeCode)!;
    const homeUnitId = person?.unitId ?? unitId.get(s.homeCode)!;
    const id = stableUuid(`${plan.namespace}:account:${s.login}`);
    const inserted = await m.query<Array<{ id: string }>>(
      `INSERT INTO account (id, login, display_name, password_hash, home_unit_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
      [id, s.login, person?.fullName ?? s.displayName, await hashPassword(password), homeUnitId],
    );
    const created = inserted.length > 0;
    if (created) {
      const [grant] = await m.query<Array<{ id: string }>>(
        `INSERT INTO account_grant (account_id, permission, scope_unit_id) VALUES ($1, $2, $3) RETURNING id`,
        [id, s.permission, scopeUnitId],
      );
      if (person) await m.query(`UPDATE person SET account_id = $2 WHERE id = $1`, [person.id, id]);
      const accountDetails = { via: 'seed', homeUnitId, personId: person?.id ?? null };
      await audit.record({ action: 'account.create', entity: 'account', entityId: id, details: accountDetails }, {}, m);
      const granted = { via: 'seed', grantId: grant.id, permission: s.permission, scopeUnitId };
      await audit.record({ action: 'grant.add', entity: 'account', entityId: id, details: granted }, {}, m);
    }
    out.push({
      login: s.login,
      permission: s.permission,
      accountId: id,
      scopeUnitId,
      personId: person?.id ?? null,
      created,
    });
  }
  return out;
}
