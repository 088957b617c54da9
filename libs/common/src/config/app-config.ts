import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, EnvVars, parseEnv } from './env';

/** The validated, resolved configuration. Injected; nothing else reads process.env. */
export class AppConfig {
  readonly nodeEnv!: EnvVars['NODE_ENV'];
  readonly port!: number;
  readonly host!: string;
  /** True when DATABASE_URL is unset: the app runs its own PostgreSQL and jobs in-process. */
  readonly embedded!: boolean;
  /** Filled in after the embedded server starts when DATABASE_URL is unset. */
  databaseUrl!: string;
  readonly redisUrl!: string | null;
  readonly publicUrl!: string;
  readonly dataDir!: string;
  readonly storageDir!: string;
  readonly sessionSecret!: string;
  readonly jwtSecret!: string;
  readonly jwtTtlSeconds!: number;
  readonly smtpUrl!: string | null;
  /** The From of every e-mail. */
  readonly mailFrom!: string;
  /** Whether the daily reminders job is dispatched by a schedule (off in tests unless asked for). */
  readonly remindersSchedule!: boolean;
  readonly embeddedPgPort!: number;
  readonly jobsQueuePrefix!: string;
  readonly adminLogin!: string | null;
  readonly adminPassword!: string | null;
  readonly demoData!: boolean;
  readonly logLevel!: string;
  readonly cookieSecure!: boolean;

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}

interface Secrets {
  sessionSecret: string;
  jwtSecret: string;
}

/** Embedded mode keeps generated secrets under DATA_DIR so sessions and tokens survive restarts. */
function embeddedSecrets(dataDir: string): Secrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    return JSON.parse(readFileSync(file, 'utf8')) as Secrets;
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets = { sessionSecret: randomBytes(32).toString('hex'), jwtSecret: randomBytes(32).toString('hex') };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}

export function loadAppConfig(raw: Record<string, string | undefined> = process.env): AppConfig {
  const env = parseEnv(raw);
  const embedded = !env.DATABASE_URL;
  const dataDir = resolve(env.DATA_DIR);
  let secrets: Secrets;
  if (env.SESSION_SECRET && env.JWT_SECRET) {
    secrets = { sessionSecret: env.SESSION_SECRET, jwtSecret: env.JWT_SECRET };
  } else if (embedded) {
    const stored = embeddedSecrets(dataDir);
    secrets = {
      sessionSecret: env.SESSION_SECRET ?? stored.sessionSecret,
      jwtSecret: env.JWT_SECRET ?? stored.jwtSecret,
    };
  } else {
    const missing = ['SESSION_SECRET', 'JWT_SECRET'].filter((k) => !raw[k]);
    throw new ConfigError(
      `Invalid configuration:\n${missing.map((k) => `  ${k}: required when DATABASE_URL is set (at least 32 characters, the same on every instance)`).join('\n')}`,
    );
  }
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  return new AppConfig({
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    embedded,
    databaseUrl: env.DATABASE_URL ?? '',
    redisUrl: env.REDIS_URL ?? null,
    publicUrl,
    dataDir,
    storageDir: resolve(env.STORAGE_DIR ?? join(dataDir, 'storage')),
    sessionSecret: secrets.sessionSecret,
    jwtSecret: secrets.jwtSecret,
    jwtTtlSeconds: env.JWT_TTL_SECONDS,
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM ?? `Mộc <no-reply@${new URL(publicUrl).hostname}>`,
    remindersSchedule: env.REMINDERS_SCHEDULE ?? env.NODE_ENV !== 'test',
    embeddedPgPort: env.EMBEDDED_PG_PORT,
    jobsQueuePrefix: env.JOBS_QUEUE_PREFIX,
    adminLogin: env.ADMIN_LOGIN ?? null,
    adminPassword: env.ADMIN_PASSWORD ?? null,
    demoData: env.DEMO_DATA ?? embedded,
    logLevel: env.LOG_LEVEL,
    cookieSecure: env.COOKIE_SECURE ?? publicUrl.startsWith('https://'),
  });
}

/** For process entry points: the config, or the ConfigError's message on stderr and exit code 1. */
export function loadAppConfigOrExit(raw: Record<string, string | undefined> = process.env): AppConfig {
  try {
    return loadAppConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
