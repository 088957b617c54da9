import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { AppConfig, Clock, ConflictError, Permission, StartBanner } from '@app/common';
import { AccountRepository } from '../accounts/account.repository';
import { PrincipalCache } from '../auth/principal-cache';
import { LOGIN_PATTERN } from '../accounts/dto/account.dto';
import { assertPasswordPolicy, generatePassword, hashPassword } from '../passwords';

export interface NewAdmin {
  login: string;
  /** Generated (and returned) when missing. */
  password?: string;
  email?: string;
  displayName?: string;
}

export interface CreatedAdmin {
  accountId: string;
  login: string;
  /** Set only when it was generated: show it once. */
  generatedPassword: string | null;
}

/**
 * Creates an account with `admin` over the country unit, in one transaction with its audit entry.
 * Shared by the embedded-mode bootstrap and `npm run admin:create`; takes a plain DataSource.
 */
export async function createAdministrator(
  db: DataSource,
  input: NewAdmin,
  now: Date,
  via: string,
): Promise<CreatedAdmin> {
  const login = input.login.trim().toLowerCase();
  if (!LOGIN_PATTERN.test(login)) {
    throw new ConflictError('login must be 3–100 letters, digits, dot, dash or underscore');
  }
  const password = input.password ?? generatePassword();
  assertPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  // A new account: nothing of it can be cached yet, so a cache of its own will do.
  const accounts = new AccountRepository(db, new PrincipalCache(new Clock()));
  const audit = new AuditService(db);
  const accountId = await db.transaction(async (m) => {
    const [root] = await m.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE code = 'VN'`);
    if (await accounts.loginTaken(m, login, input.email ?? null)) {
      throw new ConflictError(`the login ${login} is already used`);
    }
    const id = await accounts.insert(m, {
      login,
      email: input.email?.toLowerCase() ?? null,
      displayName: input.displayName ?? 'Quản trị viên',
      passwordHash,
      homeUnitId: root.id,
      now,
    });
    const grantId = await accounts.insertGrant(m, id, Permission.Admin, root.id, now);
    await audit.record(
      { action: 'account.create', entity: 'account', entityId: id, details: { via, homeUnitId: root.id } },
      {},
      m,
    );
    await audit.record(
      {
        action: 'grant.add',
        entity: 'account',
        entityId: id,
        details: { via, grantId, permission: Permission.Admin, scopeUnitId: root.id },
      },
      {},
      m,
    );
    return id;
  });
  return { accountId, login, generatedPassword: input.password ? null : password };
}

/**
 * The first administrator. Embedded mode: from ADMIN_LOGIN/ADMIN_PASSWORD, else `admin` with a generated
 * password shown once in the start banner. With DATABASE_URL: only says that `npm run admin:create` is needed.
 * Off in tests.
 */
@Injectable()
export class FirstAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdminBootstrap.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly banner: StartBanner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.nodeEnv === 'test' || (await this.accounts.anyActiveAdmin())) return;
    if (!this.config.embedded) {
      this.logger.warn('no administrator account yet: run `npm run admin:create -- --login <login>` once');
      return;
    }
    const created = await createAdministrator(
      this.db,
      { login: this.config.adminLogin ?? 'admin', password: this.config.adminPassword ?? undefined },
      this.clock.now(),
      'bootstrap',
    );
    this.logger.log({ accountId: created.accountId }, 'first administrator created');
    // Shown once, in the banner and not in the log: it is the only way to learn a generated password.
    const generated = created.generatedPassword;
    this.banner.add({
      title: generated ? 'First administrator (shown only this once)' : 'First administrator',
      lines: [
        `login:    ${created.login}`,
        `password: ${generated ?? 'the ADMIN_PASSWORD you set'}`,
        ...(generated
          ? ['Keep it safe. To choose your own, set ADMIN_LOGIN / ADMIN_PASSWORD before the first start.']
          : []),
      ],
    });
  }
}
