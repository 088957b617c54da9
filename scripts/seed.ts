// `npm run seed -- --size demo|province|national|national-2024 [--seed N] [--password <12+ characters>] [--json]`
// Loads a generated dataset (deterministic: the same size and seed give the same rows and ids):
//   demo      one province after the 2025 reform (Tỉnh Vĩnh Long): departments, press, socio-political
//             organisations, 100 communes and wards, 3,000 people, declared headcounts, demo accounts;
//   province  Thành phố Hà Nội with its 126 official communes and wards: ~4,000 units, 150,000 people;
//   national  the official 34 provinces and cities and 3,321 communes (codes and names from data/units),
//             ~100,000 units, 3,000,000 people;
//   national-2024  the map before 1 July 2025 (63 provinces, 10,052 communes from the reform mapping, old codes,
//             opened 2024-01-01): ~310,000 units, 3,000,000 people, to apply the reform to.
// demo and province also get the demo course (QCN-CB-01, published, owned by the province); for demo it is assigned
// to the province's four target roles, due 31/12, with some learners part-way (see @app/learning seedDemoCourse).
// Into DATABASE_URL's database, else the embedded PostgreSQL under DATA_DIR (running or not). Seeding a dataset that
// is already there says so and changes nothing.
// Demo accounts (demo.tochuc.tinh, demo.tochuc.xa, demo.coquan, demo.hocvien1–3) share one password: --password,
// else ADMIN_PASSWORD, else a random one printed once at the end. None is written anywhere else.
// --json prints the report (times per step, counts, peak RSS; never the password) as one last JSON line.
// Exit codes: 0 loaded (or already there), 1 failed (e.g. a province code held by other data), 2 bad arguments.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigError, DomainError, loadAppConfig } from '@app/common';
import { dataSourceOptions, runMigrations, startEmbeddedDatabase } from '@app/db';
import { DemoSeedReport, seedDemo } from '@app/demo';
import { countProgrammeCourse } from '@app/coverage';
import { DemoCourseSeedReport, demoCourseIds, seedDemoCourse } from '@app/learning';
import { isSeedSize, SEED_SIZES, SeedSize } from '@app/org';

const USAGE = `usage: npm run seed -- --size ${SEED_SIZES.join('|')} [--seed N] [--password <12+ characters>] [--json]`;

interface Args {
  size: SeedSize;
  seed: number;
  password: string | null;
  json: boolean;
}

function parse(config: AppConfig): Args {
  const { values } = parseArgs({
    options: {
      size: { type: 'string' },
      seed: { type: 'string' },
      password: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (!values.size || !isSeedSize(values.size)) throw new Error(`--size must be one of ${SEED_SIZES.join(', ')}`);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error('--seed must be an integer ≥ 0');
  if (values.password !== undefined && [...values.password].length < 12) {
    throw new Error('--password must be at least 12 characters');
  }
  return { size: values.size, seed, password: values.password ?? config.adminPassword, json: values.json ?? false };
}

const mb = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`;

function printReport(args: Args, report: DemoSeedReport, course: DemoCourseSeedReport | null): void {
  const maxRss = process.resourceUsage().maxRSS * 1024;
  if (report.outcome === 'exists') {
    console.log(`The "${args.size}" dataset (seed ${args.seed}) is already there: nothing to do.`);
  } else {
    const phases = Object.entries(report.phases).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`);
    console.log(
      `Loaded ${report.units.toLocaleString('en-US')} units, ${report.people.toLocaleString('en-US')} people and ` +
        `${report.headcounts.toLocaleString('en-US')} declared headcounts in ${(report.ms / 1000).toFixed(1)} s ` +
        `(${phases.join(', ')}; peak RSS of this process ${mb(maxRss)}).`,
    );
    for (const a of report.accounts) {
      console.log(`  ${a.created ? 'account' : 'login already taken:'} ${a.login} (${a.permission})`);
    }
    if (report.generatedPassword) {
      console.log(`Password of the demo accounts (shown only this once): ${report.generatedPassword}`);
    } else if (report.accounts.length) {
      console.log('Password of the demo accounts: the one given with --password (or ADMIN_PASSWORD).');
    }
  }
  if (course) printCourse(course);
  if (args.json) {
    const { generatedPassword: _hidden, ...rest } = report;
    console.log(JSON.stringify({ ...rest, course, maxRss }));
  }
}

function printCourse(c: DemoCourseSeedReport): void {
  if (c.course === 'code-taken') {
    console.log('Demo course not written: another course holds the code QCN-CB-01.');
    return;
  }
  const what = c.course === 'created' ? 'Demo course QCN-CB-01 written' : 'Demo course QCN-CB-01 already there';
  console.log(`${what} (${c.modules} modules, ${c.lessons} lessons).`);
  if (c.assignment !== 'skipped') {
    console.log(
      `  assigned to the province's target roles, due ${c.dueDate}${c.assignment === 'exists' ? ' (already)' : ''}: ` +
        `${c.enrolled.toLocaleString('en-US')} enrolled, ${c.started.toLocaleString('en-US')} part-way, ` +
        `${c.completed.toLocaleString('en-US')} completed.`,
    );
  }
}

async function main(): Promise<number> {
  let config: AppConfig;
  let args: Args;
  try {
    const placeholder = 'seed-does-not-use-this-secret-0123456789';
    config = loadAppConfig({
      ...process.env,
      SESSION_SECRET: process.env.SESSION_SECRET || placeholder,
      JWT_SECRET: process.env.JWT_SECRET || placeholder,
    });
    args = parse(config);
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : `${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const db = config.embedded
    ? await startEmbeddedDatabase(config.dataDir, config.embeddedPgPort, { reuseRunning: true })
    : { url: config.databaseUrl, stop: () => undefined };
  const ds = new DataSource({ ...dataSourceOptions(db.url), extra: { max: 2, application_name: 'moc-seed' } });
  try {
    await runMigrations(db.url);
    await ds.initialize();
    console.log(`Seeding "${args.size}" (seed ${args.seed}) into ${new URL(db.url).pathname.slice(1)} …`);
    let shown = 0;
    const today = new Date().toISOString().slice(0, 10);
    const report = await seedDemo(ds, {
      size: args.size,
      seed: args.seed,
      today,
      demoPassword: args.password,
      onProgress: (done, total) => {
        if (done === total || done - shown >= total / 10) {
          shown = done;
          console.log(`  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} people`);
        }
      },
    });
    const course =
      args.size === 'national' || args.size === 'national-2024'
        ? null
        : await seedDemoCourse(ds, {
            provinceId: report.provinceIds[0],
            now: new Date(),
            today,
            assign: args.size === 'demo',
          });
    // The demo course is the programme's course: its certificates count for the targets (coverage).
    if (course) await countProgrammeCourse(ds, demoCourseIds().courseId);
    printReport(args, report, course);
    return 0;
  } catch (e) {
    if (e instanceof DomainError) {
      console.error(`Not seeded: ${e.message}`);
      return e.status === 400 ? 2 : 1;
    }
    throw e;
  } finally {
    if (ds.isInitialized) await ds.destroy();
    db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`seed failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
