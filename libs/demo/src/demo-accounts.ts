import type { EntityManager } from 'typeorm';
import { seedAccounts } from '@app/identity';
import { DemoRoster, type SeedPlan, stableUuid } from '@app/org';

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

/** The commune of `demo.tochuc.xa` and `demo.hocvien1`. */
export const DEMO_COMMUNE_NAME = 'Phường Phú Khương';

function specs(plan: SeedPlan): Spec[] {
  const p = plan.provinces[0].spec;
  const province = plan.units[plan.provinces[0].unit];
  // A real ward of the new map (formed on 1 July 2025 from four whole communes of the old Bến Tre).
  const commune =
    plan.units.find((u) => u.kind === 'commune' && u.name === DEMO_COMMUNE_NAME) ??
    plan.units.find((u) => u.kind === 'commune')!;
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
 * province, and three learners linked to people on the roster. Ids are stable. Each table through its owner:
 * accounts through identity's seedAccounts (its own password hashing), the link through org's DemoRoster.
 */
export async function createDemoAccounts(m: EntityManager, plan: SeedPlan, password: string): Promise<DemoAccount[]> {
  const unitId = new Map(plan.units.map((u) => [u.code, u.id]));
  const out: DemoAccount[] = [];
  for (const s of specs(plan)) {
    const person = s.personUnder ? await DemoRoster.firstUnlinkedPersonUnder(m, unitId.get(s.personUnder)!) : null;
    if (s.personUnder && !person) continue;
    const scopeUnitId = person?.unitId ?? unitId.get(s.scopeCode)!;
    const homeUnitId = person?.unitId ?? unitId.get(s.homeCode)!;
    const id = stableUuid(`${plan.namespace}:account:${s.login}`);
    const account = {
      id,
      login: s.login,
      displayName: person?.fullName ?? s.displayName,
      homeUnitId,
      permission: s.permission,
      scopeUnitId,
      details: { personId: person?.id ?? null },
    };
    const [created] = await seedAccounts(m, [account], password);
    if (created && person) await DemoRoster.linkAccount(m, person.id, id);
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
