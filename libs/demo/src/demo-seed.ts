import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ValidationError } from '@app/common';
import { SEED_PROFILES, SeedOptions, SeedReport, seedRoster } from '@app/org';
import { createDemoAccounts, DemoAccount } from './demo-accounts';

export interface DemoSeedOptions extends Omit<SeedOptions, 'inTransaction'> {
  /** Password of the demo accounts (12+ characters); a random one is generated and returned when missing. */
  demoPassword?: string | null;
}

export interface DemoSeedReport extends SeedReport {
  accounts: DemoAccount[];
  /** The demo accounts' password when it was generated here: show it once. */
  generatedPassword: string | null;
}

/**
 * A generated dataset with its demo accounts, in one transaction: org's roster (seedRoster) and, for the sizes that
 * have them, identity's accounts linked to people on the roster (createDemoAccounts).
 */
export async function seedDemo(db: DataSource, options: DemoSeedOptions): Promise<DemoSeedReport> {
  const { demoPassword, ...roster } = options;
  if (demoPassword != null && [...demoPassword].length < 12) {
    throw new ValidationError('the demo password must be at least 12 characters', [
      { field: 'demoPassword', reason: 'must be at least 12 characters' },
    ]);
  }
  const password = demoPassword ?? randomBytes(15).toString('base64url');
  let accounts: DemoAccount[] = [];
  const report = await seedRoster(db, {
    ...roster,
    inTransaction: SEED_PROFILES[options.size].accounts
      ? async (m, plan) => {
          accounts = await createDemoAccounts(m, plan, password);
        }
      : undefined,
  });
  const generated = report.outcome === 'created' && accounts.length > 0 && !demoPassword;
  return { ...report, accounts, generatedPassword: generated ? password : null };
}
