import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
const emptyToUndefined = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);

/** Environment variables, validated at boot. Nothing else reads process.env. */
export class EnvVars {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  HOST = '0.0.0.0';

  /** postgres://user:pass@host:port/db; unset = embedded PostgreSQL under DATA_DIR/pg. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** redis://host:port[/db]; unset = jobs run in-process. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL' })
  REDIS_URL?: string;

  /** The address users open, used in links and certificate QR codes. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'must be an http(s):// URL' })
  PUBLIC_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR = './.data';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  STORAGE_DIR?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32)
  SESSION_SECRET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS = 3600;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The sender of e-mails, e.g. `Mộc <no-reply@moc.example.vn>` (default: no-reply@ the PUBLIC_URL host). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[^\r\n]{0,150}@[^\r\n]{1,100}$/, { message: 'must be an e-mail address, optionally with a name' })
  MAIL_FROM?: string;

  /** Send the daily course reminders (default: on, off when NODE_ENV=test). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  REMINDERS_SCHEDULE?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT = 5442;

  /** Bull key prefix; the API and the worker must use the same one. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9:_-]{1,40}$/, { message: 'must be 1–40 letters, digits, colon, dash or underscore' })
  JOBS_QUEUE_PREFIX = 'moc';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(3)
  ADMIN_LOGIN?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(12)
  ADMIN_PASSWORD?: string;

  /** Load the demo province on first start (default: on in embedded mode only). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  DEMO_DATA?: boolean;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Serve the Secure cookie flag (on when PUBLIC_URL is https). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  COOKIE_SECURE?: boolean;
}

export class ConfigError extends Error {}

/** Validates the variables; throws ConfigError naming every bad variable and why. */
export function parseEnv(raw: Record<string, string | undefined>): EnvVars {
  const known = Object.fromEntries(
    Object.keys(new EnvVars())
      .concat([
        'DATABASE_URL',
        'REDIS_URL',
        'PUBLIC_URL',
        'STORAGE_DIR',
        'SESSION_SECRET',
        'JWT_SECRET',
        'SMTP_URL',
        'MAIL_FROM',
        'REMINDERS_SCHEDULE',
        'ADMIN_LOGIN',
        'ADMIN_PASSWORD',
        'DEMO_DATA',
        'COOKIE_SECURE',
      ])
      .filter((k) => raw[k] !== undefined)
      .map((k) => [k, raw[k]]),
  );
  const env = plainToInstance(EnvVars, known);
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const value = e.property.match(/SECRET|PASSWORD/) ? '(hidden)' : JSON.stringify(e.value);
      return `  ${e.property}=${value}: ${Object.values(e.constraints ?? {}).join('; ')}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return env;
}
