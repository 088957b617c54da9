import { ChildProcess, spawn, StdioOptions } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * The real `npm start` path in embedded mode (no DATABASE_URL, no REDIS_URL, demo data on), stopped by SIGTERM at
 * several moments of its first start: each time it exits 0, the embedded PostgreSQL is stopped (no postmaster.pid,
 * no postgres process on the data dir), and the next start on the same DATA_DIR is ready and loads the demo in full.
 * The first start ends with the framed start banner, after the last log line, whose logins work. A port held by
 * another program (PostgreSQL's or HTTP's) ends the start with one line naming it, exit code 1, no stack trace. Moments are reached by watching
 * the process output, not by sleeping. Slow (initdb, Nest boot, demo load, twice per case).
 */

const ROOT = join(__dirname, '..', '..', '..');
const START_TIMEOUT_MS = 60_000;
/** What main.ts allows a stop (25 s) plus slack. */
const EXIT_TIMEOUT_MS = 30_000;
const CASE_TIMEOUT_MS = 180_000;
/** A whole first start: initdb, migrations, the demo load (roster, course, exam, contest, certificates). */
const FIRST_START_TIMEOUT_MS = 150_000;

interface Api {
  proc: ChildProcess;
  output: () => string;
  /** The exit code, or the signal that killed it. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** Resolves at the first output line matching `pattern`; rejects when the process exits first. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
}

interface Ports {
  http: number;
  pg: number;
}

const dataDirs: string[] = [];
const running: Api[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function freshCase(): Promise<{ dataDir: string; ports: Ports }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'moc-shutdown-'));
  dataDirs.push(dataDir);
  return { dataDir, ports: { http: await freePort(), pg: await freePort() } };
}

/**
 * Starts the API as `npm start` does (`via: 'npm'`: npm itself, in its own process group, as a process manager
 * runs it), or node directly. `oneFile`: stdout and stderr go to one file, as `npm start >log 2>&1` does, so the
 * output keeps the exact order of the writes across both streams (two pipes would not).
 */
function startApi(
  dataDir: string,
  ports: Ports,
  opts: { via?: 'node' | 'npm'; env?: Record<string, string>; oneFile?: boolean } = {},
): Api {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    TZ: 'UTC',
    NODE_ENV: 'production', // the demo data loads unless NODE_ENV=test
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(ports.http),
    EMBEDDED_PG_PORT: String(ports.pg),
    DATA_DIR: dataDir,
    ...opts.env,
  };
  const [cmd, args] =
    opts.via === 'npm'
      ? ['npm', ['start', '--silent']]
      : [process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts']];
  const logFile = join(dataDir, `start-${running.length}.log`);
  const fd = opts.oneFile ? openSync(logFile, 'w') : null;
  const stdio: StdioOptions = fd === null ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd];
  const proc = spawn(cmd, args, { cwd: ROOT, env, stdio, detached: opts.via === 'npm' });
  if (fd !== null) closeSync(fd);
  let out = '';
  const watchers = new Set<() => void>();
  const onData = (d: Buffer): void => {
    out += d.toString();
    for (const w of watchers) w();
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  const readFile = (): void => {
    const now = readFileSync(logFile, 'utf8');
    if (now === out) return;
    out = now;
    for (const w of watchers) w();
  };
  const poll = fd === null ? null : setInterval(readFile, 100);
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    proc.on('exit', (code, signal) => {
      if (poll) {
        clearInterval(poll);
        readFile();
      }
      resolve(code ?? signal);
    }),
  );
  const waitFor = (pattern: RegExp, timeoutMs = START_TIMEOUT_MS): Promise<void> =>
    new Promise((resolve, reject) => {
      const done = (error?: Error): void => {
        watchers.delete(check);
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      const check = (): void => {
        if (pattern.test(out)) done();
      };
      const timer = setTimeout(() => done(new Error(`no ${pattern} within ${timeoutMs} ms:\n${tail(out)}`)), timeoutMs);
      watchers.add(check);
      void exited.then((code) => done(new Error(`exited (${String(code)}) before ${pattern}:\n${tail(out)}`)));
      check();
    });
  const api = { proc, output: () => out, exited, waitFor };
  running.push(api);
  return api;
}

const tail = (text: string): string => text.split('\n').slice(-25).join('\n');

/** The output's non-empty lines before the framed start banner, the banner itself, and what follows it. */
function splitAtBanner(output: string): { logs: string[]; banner: string; after: string } {
  const lines = output.split('\n');
  const top = lines.findIndex((l) => /^\+-+\+$/.test(l));
  const bottom = lines.findIndex((l, i) => i > top && /^\+-+\+$/.test(l));
  if (top < 0 || bottom < 0) throw new Error(`no framed banner in:\n${tail(output)}`);
  return {
    logs: lines.slice(0, top).filter((l) => l.trim() !== ''),
    banner: lines.slice(top, bottom + 1).join('\n'),
    after: lines.slice(bottom + 1).join('\n'),
  };
}

/** Resolves with how the process ended, or fails when it outlives `timeoutMs`. */
async function exitOf(api: Api, timeoutMs = EXIT_TIMEOUT_MS): Promise<number | NodeJS.Signals | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`still running ${timeoutMs} ms after SIGTERM:\n${tail(api.output())}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([api.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

function sigterm(api: Api): void {
  // npm's whole process group, as a process manager or Ctrl-C reaches it; node alone otherwise.
  if (api.proc.spawnargs[0] === 'npm') process.kill(-(api.proc.pid as number), 'SIGTERM');
  else api.proc.kill('SIGTERM');
}

const pidFile = (dataDir: string): string => join(dataDir, 'pg', 'postmaster.pid');

/** Live (not zombie) processes whose command line names the data dir: the postmaster runs `postgres -D <dir>/pg`. */
function postgresOn(dataDir: string): number[] {
  const needle = join(dataDir, 'pg');
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (cmdline.includes(needle) && state !== 'Z') found.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

async function expectDatabaseStopped(dataDir: string): Promise<void> {
  expect(existsSync(pidFile(dataDir))).toBe(false);
  expect(postgresOn(dataDir)).toEqual([]);
}

interface DemoFigures {
  provinces: number;
  people: number;
  enrolled: number;
  started: number;
  completed: number;
}

async function demoFigures(pgPort: number): Promise<DemoFigures> {
  const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${pgPort}/moc` });
  await client.connect();
  try {
    const { rows } = await client.query<DemoFigures>(
      `SELECT (SELECT count(*)::int FROM org_unit WHERE type = 'province' AND status = 'active') AS provinces,
              (SELECT count(*)::int FROM person) AS people,
              count(*)::int AS enrolled,
              count(*) FILTER (WHERE started_at IS NOT NULL AND completed_at IS NULL)::int AS started,
              count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS completed
         FROM enrolment`,
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

/**
 * Starts again on the same DATA_DIR, waits until it serves and the demo is there in full (the demo course's
 * progress, its last step, is committed), stops it cleanly, and answers the demo's figures.
 */
async function secondStart(dataDir: string, ports: Ports): Promise<DemoFigures> {
  const api = startApi(dataDir, ports);
  await api.waitFor(/Mộc is running at/);
  const health = await fetch(`http://127.0.0.1:${ports.http}/health/ready`);
  expect(health.status).toBe(200);
  // The demo course's progress is its last step, in one transaction: once there, the demo is complete.
  let figures = await demoFigures(ports.pg);
  for (const until = Date.now() + START_TIMEOUT_MS; figures.completed === 0; figures = await demoFigures(ports.pg)) {
    if (Date.now() > until || /demo data (step failed|not loaded)/.test(api.output())) {
      throw new Error(`the demo was not loaded in full: ${JSON.stringify(figures)}\n${tail(api.output())}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  sigterm(api);
  expect(await exitOf(api)).toBe(0);
  await expectDatabaseStopped(dataDir);
  return figures;
}

/** A full, uninterrupted demo load (case c): what every interrupted first start must end up with. */
let reference: DemoFigures | undefined;

afterAll(async () => {
  for (const api of running) {
    if (api.proc.exitCode !== null || api.proc.signalCode !== null) continue;
    if (api.proc.spawnargs[0] === 'npm') process.kill(-(api.proc.pid as number), 'SIGKILL');
    else api.proc.kill('SIGKILL');
    await api.exited;
  }
  // Never leave a postgres behind, whatever failed: immediate shutdown (SIGQUIT), then SIGKILL.
  for (const dataDir of dataDirs) {
    const pids = postgresOn(dataDir);
    if (existsSync(pidFile(dataDir))) pids.push(Number(readFileSync(pidFile(dataDir), 'utf8').split('\n')[0]));
    for (const pid of new Set(pids)) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // gone already
      }
    }
    for (let i = 0; i < 50 && postgresOn(dataDir).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    for (const pid of postgresOn(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('stopping the API during its first start (embedded PostgreSQL, demo data)', () => {
  it(
    'after the demo is loaded and the start banner printed last: exits 0, PostgreSQL stopped, the next start is ready',
    async () => {
      const { dataDir, ports } = await freshCase();
      const api = startApi(dataDir, ports, { oneFile: true });
      // The banner comes once the demo's steps and the jobs they queued are done: its closing rule ends the start.
      await api.waitFor(/\| Mộc is running at [^\n]*\n(\|[^\n]*\n)*\+-+\+\n/, FIRST_START_TIMEOUT_MS);
      const { logs, banner, after } = splitAtBanner(api.output());
      expect(after.trim()).toBe(''); // nothing of the start after it
      // stdout is not a terminal: every other line is a JSON log line, the demo's last steps among them.
      for (const line of logs) expect(() => JSON.parse(line) as unknown).not.toThrow();
      expect(logs.some((l) => l.includes('"msg":"demo final exam and contest loaded"'))).toBe(true);
      expect(logs.some((l) => l.includes('"msg":"demo certificates issued"'))).toBe(true);
      expect(banner).toContain(`| Mộc is running at http://localhost:${ports.http} `);
      // The logins it shows work, with the passwords it shows (generated: neither is in the log lines).
      const admin = /login: +(admin) +\|\n\| +password: +(\S+) +\|/.exec(banner);
      const demo = /(demo\.hocvien2) +learner +\|[\s\S]*?password: +(\S+) \(the same for all/.exec(banner);
      for (const [, login, password] of [admin, demo].map((m) => m ?? ['', 'missing', 'missing'])) {
        expect(logs.join('\n')).not.toContain(password);
        const res = await fetch(`http://127.0.0.1:${ports.http}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login, password }),
        });
        expect({ login, status: res.status }).toEqual({ login, status: 200 });
      }
      reference = await demoFigures(ports.pg);
      expect(reference).toMatchObject({ provinces: 1, people: 3000 });
      expect(reference.completed).toBeGreaterThan(0);
      expect(reference.started).toBeGreaterThan(0);

      sigterm(api);
      expect(await exitOf(api)).toBe(0);
      await expectDatabaseStopped(dataDir);
      expect(await secondStart(dataDir, ports)).toEqual(reference);
    },
    FIRST_START_TIMEOUT_MS + CASE_TIMEOUT_MS,
  );

  it(
    'right after PostgreSQL started (migrations under way): exits 0, PostgreSQL stopped, the next start loads the demo',
    async () => {
      const { dataDir, ports } = await freshCase();
      const api = startApi(dataDir, ports);
      await api.waitFor(/embedded PostgreSQL ready on/);
      sigterm(api);
      expect(await exitOf(api)).toBe(0);
      expect(api.output()).not.toContain('Mộc is running at');
      await expectDatabaseStopped(dataDir);

      const figures = await secondStart(dataDir, ports);
      expect(figures).toEqual(reference ?? figures);
      expect(figures.completed).toBeGreaterThan(0);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    '`npm start` stopped right after it is ready, the demo loading: npm waits for the stop, PostgreSQL stopped, demo loaded next time',
    async () => {
      const { dataDir, ports } = await freshCase();
      const api = startApi(dataDir, ports, { via: 'npm' });
      await api.waitFor(/Mộc is running at/);
      expect((await fetch(`http://127.0.0.1:${ports.http}/health/ready`)).status).toBe(200);
      sigterm(api);
      // npm is the process a manager waits on: when it has exited, node has stopped and so has PostgreSQL.
      expect(await exitOf(api)).toBe(0);
      await expectDatabaseStopped(dataDir);
      expect(api.output()).toContain('demo data load stopped by the shutdown');
      expect(api.output()).not.toContain('demo course loaded');

      const figures = await secondStart(dataDir, ports);
      expect(figures).toEqual(reference ?? figures);
      expect(figures.completed).toBeGreaterThan(0);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'a port another program holds ends the start with one line, and no PostgreSQL is left running',
    async () => {
      const { dataDir, ports } = await freshCase();
      const holder: Server = createServer();
      await new Promise<void>((resolve) => holder.listen(ports.pg, '127.0.0.1', resolve));
      try {
        const api = startApi(dataDir, ports);
        expect(await exitOf(api, START_TIMEOUT_MS)).toBe(1);
        const line = api
          .output()
          .split('\n')
          .find((l) => l.startsWith('Mộc failed to start'));
        expect(line).toBe(
          `Mộc failed to start: port ${ports.pg} of the embedded PostgreSQL is already in use by another program ` +
            `(another Mộc still running?): stop it, or set EMBEDDED_PG_PORT to a free port (EMBEDDED_PG_PORT=${ports.pg + 1} npm start).`,
        );
        expect(api.output()).not.toMatch(/^\s+at /m);
        await expectDatabaseStopped(dataDir);
      } finally {
        await new Promise((resolve) => holder.close(resolve));
      }

      // The HTTP port taken: PostgreSQL started and migrated, then the listen fails; it is stopped on the way out.
      const web: Server = createServer();
      await new Promise<void>((resolve) => web.listen(ports.http, '127.0.0.1', resolve));
      try {
        const api = startApi(dataDir, ports, { env: { DEMO_DATA: 'false' } });
        expect(await exitOf(api, START_TIMEOUT_MS)).toBe(1);
        expect(api.output()).toContain('embedded PostgreSQL ready on');
        expect(api.output()).toContain(
          `Mộc failed to start: port ${ports.http} is already in use by another program (another Mộc still running?): ` +
            `stop it, or set PORT to a free port (PORT=${ports.http + 1} npm start).`,
        );
        expect(api.output()).not.toMatch(/^\s+at /m);
        await expectDatabaseStopped(dataDir);
      } finally {
        await new Promise((resolve) => web.close(resolve));
      }
    },
    CASE_TIMEOUT_MS,
  );
});
