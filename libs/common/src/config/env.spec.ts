import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseEnv } from './env';
import { loadAppConfig } from './app-config';

describe(parseEnv.name, () => {
  it('applies defaults', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe('./.data');
  });

  it('names every bad variable and why', () => {
    expect(() => parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'localhost:6379' })).toThrow(
      ConfigError,
    );
    const bad = () => parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    expect(bad).toThrow(/PORT="eighty"/);
    expect(bad).toThrow(/DATABASE_URL="mysql:\/\/x": must be a postgres:\/\/ URL/);
  });

  it('hides secret values in the message', () => {
    expect(() => parseEnv({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET=\(hidden\)/);
  });
});

describe(loadAppConfig.name, () => {
  it('requires both secrets when DATABASE_URL is set', () => {
    expect(() => loadAppConfig({ DATABASE_URL: 'postgres://db/moc' })).toThrow(
      /SESSION_SECRET: required when DATABASE_URL is set/,
    );
  });

  it('is embedded when DATABASE_URL is unset, with jobs in-process and demo data on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moc-cfg-'));
    const config = loadAppConfig({ DATA_DIR: dir });
    expect(config.embedded).toBe(true);
    expect(config.redisUrl).toBeNull();
    expect(config.demoData).toBe(true);
    // Generated secrets are kept: a second load sees the same ones.
    expect(loadAppConfig({ DATA_DIR: dir }).jwtSecret).toBe(config.jwtSecret);
    expect(config.jwtSecret).toHaveLength(64);
  });
});
