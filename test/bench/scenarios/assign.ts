import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Actor, Permission } from '@app/common';
import { InProcessJobExecutor, JobsQueryService, JobStatus } from '@app/jobs';
import { AssignmentProgressService, assignmentJobKey, AssignmentsService, demoCourseIds } from '@app/learning';
import { onRosterOn, periodOpenOn } from '@app/org';
import { BenchApp, openBenchDatabase, startBenchApp } from '../bench-app';
import { ratioOf, Scenario, ScenarioResult } from '../types';

const ROOT = join(__dirname, '..', '..', '..');
const TARGET_PEOPLE = 100_000;
const MB = 2 ** 20;

/** `npm run seed -- --size province` as users run it (it also writes the demo course, unassigned, for Hà Nội). */
function seedProvince(url: string): void {
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/seed.ts', '--size', 'province'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
    maxBuffer: 16 * MB,
  });
  if (r.status !== 0) throw new Error(`seed --size province failed (${r.status}): ${r.stderr}${r.stdout.slice(-500)}`);
}

interface RolePick {
  unitId: string;
  unitName: string;
  roleIds: string[];
  roleCodes: string[];
  people: number;
}

/**
 * The roles whose holders in the province, on the roster today, come closest to TARGET_PEOPLE: people are grouped by
 * the set of roles they hold, then every combination of roles is counted from those groups (people counted once).
 */
async function pickRoles(bench: BenchApp, today: string): Promise<RolePick> {
  const [province] = await bench.db.query<Array<{ id: string; name: string }>>(
    `SELECT id, name FROM org_unit WHERE type = 'province' ORDER BY code LIMIT 1`,
  );
  const roles = await bench.db.query<Array<{ id: string; code: string }>>(`SELECT id, code FROM role ORDER BY code`);
  const groups = await bench.db.query<Array<{ codes: string[]; n: number }>>(
    `SELECT codes, count(*)::int AS n FROM (
       SELECT m.person_id, array_agg(DISTINCT r.code ORDER BY r.code) AS codes
         FROM org_unit_closure c
         JOIN person_membership m ON m.unit_id = c.descendant_id AND ${onRosterOn('$2')}
         JOIN person_role pr ON pr.person_id = m.person_id AND ${periodOpenOn('$2', 'pr')}
         JOIN role r ON r.id = pr.role_id
        WHERE c.ancestor_id = $1
        GROUP BY m.person_id) x
     GROUP BY codes`,
    [province.id, today],
  );
  let best: { mask: number; people: number } = { mask: 0, people: 0 };
  for (let mask = 1; mask < 1 << roles.length; mask++) {
    const chosen = new Set(roles.filter((_, i) => mask & (1 << i)).map((r) => r.code));
    const people = groups.filter((g) => g.codes.some((c) => chosen.has(c))).reduce((s, g) => s + g.n, 0);
    if (Math.abs(people - TARGET_PEOPLE) < Math.abs(best.people - TARGET_PEOPLE)) best = { mask, people };
  }
  const picked = roles.filter((_, i) => best.mask & (1 << i));
  return {
    unitId: province.id,
    unitName: province.name,
    roleIds: picked.map((r) => r.id),
    roleCodes: picked.map((r) => r.code),
    people: best.people,
  };
}

/** Runs `work` and samples the process RSS every 20 ms. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  try {
    const result = await work();
    return { result, seconds: (performance.now() - started) / 1000, peakRssMb: peak / MB };
  } finally {
    clearInterval(timer);
  }
}

/** PostgreSQL writing the same number of enrolment rows itself: INSERT … SELECT into a scratch copy of the table. */
async function insertSelectSeconds(bench: BenchApp, assignmentId: string, courseId: string): Promise<number> {
  await bench.db.query(`CREATE TABLE bench_enrolment_copy (LIKE enrolment INCLUDING ALL)`);
  try {
    const started = performance.now();
    await bench.db.query(
      `INSERT INTO bench_enrolment_copy (person_id, course_id, version_id, source, enrolled_at, due_date)
       SELECT am.person_id, $2, c.published_version_id, 'assignment', now(), a.due_date
         FROM assignment_member am JOIN assignment a ON a.id = am.assignment_id JOIN course c ON c.id = $2
        WHERE am.assignment_id = $1`,
      [assignmentId, courseId],
    );
    return (performance.now() - started) / 1000;
  } finally {
    await bench.db.query(`DROP TABLE bench_enrolment_copy`);
  }
}

async function run(): Promise<ScenarioResult> {
  const database = await openBenchDatabase();
  try {
    console.log('   seeding province (150,000 people) …');
    const seedStarted = performance.now();
    seedProvince(database.url);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const bench = await startBenchApp(database.url);
    try {
      await bench.db.query(`ANALYZE`);
      const today = new Date().toISOString().slice(0, 10);
      const pick = await pickRoles(bench, today);
      const { courseId } = demoCourseIds();
      console.log(`   assigning to ${pick.roleCodes.join(', ')} in ${pick.unitName}: ${pick.people} people …`);
      const admin: Actor = {
        accountId: randomUUID(),
        grants: [{ permission: Permission.Admin, scopeUnitId: pick.unitId }],
        via: 'api',
      };
      const assignments = bench.app.get(AssignmentsService);
      const progressView = bench.app.get(AssignmentProgressService);
      const executor = bench.app.get(InProcessJobExecutor);
      const rssBefore = process.memoryUsage.rss() / MB;
      // The job reports 15% once the people are matched, then 15–95% while it writes: when it passed 15%
      // splits matching from writing (sampled every 100 ms).
      let matchedAt: number | null = null;
      const started = performance.now();
      const run = await measured(async () => {
        const created = await assignments.create(admin, {
          courseId,
          unitId: pick.unitId,
          roleIds: pick.roleIds,
          dueDate: `${today.slice(0, 4)}-12-31`,
        });
        const poll = setInterval(() => {
          void bench.db
            .query<Array<{ progress: number }>>(`SELECT progress FROM job_run WHERE business_key = $1`, [
              assignmentJobKey(created.id),
            ])
            .then(([j]) => {
              if (matchedAt === null && j && j.progress >= 15) matchedAt = (performance.now() - started) / 1000;
            })
            .catch(() => undefined);
        }, 100);
        try {
          await executor.onIdle();
        } finally {
          clearInterval(poll);
        }
        return created;
      });
      const matchedNote =
        matchedAt === null ? '' : `; people matched after ~${(matchedAt as number).toFixed(1)} s (job progress 15%)`;
      const job = await bench.app.get(JobsQueryService).getByBusinessKey(assignmentJobKey(run.result.id));
      const [after] = await bench.db.query<Array<{ members: number; enrolments: number; events: number }>>(
        `SELECT (SELECT count(*)::int FROM assignment_member WHERE assignment_id = $1) AS members,
                (SELECT count(*)::int FROM enrolment WHERE course_id = $2) AS enrolments,
                (SELECT count(*)::int FROM learning_event le JOIN enrolment e ON e.id = le.enrolment_id
                  WHERE e.course_id = $2 AND le.kind = 'enrolled') AS events`,
        [run.result.id, courseId],
      );
      if (job.status !== JobStatus.Succeeded || after.members !== pick.people || after.enrolments !== pick.people) {
        throw new Error(
          `the enrol job did not enrol the ${pick.people} people: ${JSON.stringify({ status: job.status, ...after })}`,
        );
      }
      const baseline = await insertSelectSeconds(bench, run.result.id, courseId);

      // Reading the assignment's progress by unit: for the whole province (as its organiser) and for the commune
      // with the most members (as that commune's organiser, who sees the province's assignment as covering them).
      const timed = async (f: () => Promise<unknown>): Promise<number> => {
        await f(); // warm
        const t0 = performance.now();
        await f();
        return (performance.now() - t0) / 1000;
      };
      const [commune] = await bench.db.query<Array<{ id: string; members: number }>>(
        `SELECT m.unit_id AS id, count(*)::int AS members FROM assignment_member am
           JOIN person_membership m ON m.person_id = am.person_id AND m.valid_to IS NULL
           JOIN org_unit u ON u.id = m.unit_id AND u.type = 'commune'
          WHERE am.assignment_id = $1 GROUP BY m.unit_id ORDER BY members DESC LIMIT 1`,
        [run.result.id],
      );
      const communeOrganiser: Actor = {
        accountId: randomUUID(),
        grants: [{ permission: Permission.Organiser, scopeUnitId: commune.id }],
        via: 'api',
      };
      const wholeProgress = await timed(() => progressView.progress(admin, run.result.id, {}));
      const communeProgress = await timed(() => progressView.progress(communeOrganiser, run.result.id, {}));
      const countMembers = await timed(() =>
        bench.db.query(`SELECT count(*) FROM assignment_member WHERE assignment_id = $1`, [run.result.id]),
      );
      // Like with like: the commune's view is compared with counting the members under that commune only (their
      // current membership inside its subtree), not with a count over the whole assignment.
      const countCommuneMembers = await timed(() =>
        bench.db.query(
          `SELECT count(*) FROM assignment_member am
             JOIN person_membership m ON m.person_id = am.person_id AND m.valid_to IS NULL
             JOIN org_unit_closure c ON c.descendant_id = m.unit_id AND c.ancestor_id = $2
            WHERE am.assignment_id = $1`,
          [run.result.id, commune.id],
        ),
      );
      const rate = pick.people / run.seconds;
      const baseRate = pick.people / baseline;
      return {
        dataSize:
          `province dataset (150,000 people, seeded in ${seedSeconds.toFixed(0)} s by npm run seed); ` +
          `${pick.people.toLocaleString('en-US')} people matched: roles ${pick.roleCodes.join(', ')} in ${pick.unitName}`,
        setup:
          `${database.server}; AssignmentsService.create (admin) + the learning.assignment.enrol job in-process, ` +
          `timed from the call to the job done; baseline: INSERT … SELECT of the same number of rows into a scratch ` +
          `copy of enrolment (LIKE … INCLUDING ALL: same indexes, no foreign keys)`,
        rows: [
          {
            figure: `assign + enrol ${pick.people.toLocaleString('en-US')} people`,
            value: run.seconds,
            unit: 's',
            baseline: 'INSERT … SELECT of as many enrolment rows',
            baselineValue: baseline,
            ratio: ratioOf(run.seconds, baseline),
            note: `writes ${after.enrolments} enrolments, ${after.events} 'enrolled' events, ${after.members} members${matchedNote}`,
          },
          {
            figure: 'enrolments per second',
            value: rate,
            unit: 'rows/s',
            baseline: 'INSERT … SELECT rows per second',
            baselineValue: baseRate,
            ratio: ratioOf(rate, baseRate),
            note: `job ${job.status} after ${job.attempts} attempt(s)`,
          },
          {
            figure: 'peak RSS during the assignment',
            value: run.peakRssMb,
            unit: 'MB',
            baseline: 'RSS before',
            baselineValue: rssBefore,
            ratio: ratioOf(run.peakRssMb, rssBefore),
            note: 'whole process (API + job in-process), sampled every 20 ms',
          },
          {
            figure: 'progress by unit, whole assignment',
            value: wholeProgress * 1000,
            unit: 'ms',
            baseline: 'SELECT count(*) of its members',
            baselineValue: countMembers * 1000,
            ratio: ratioOf(wholeProgress, countMembers),
            note: `AssignmentProgressService.progress as the province's admin (${pick.people.toLocaleString('en-US')} members, live)`,
          },
          {
            figure: 'progress by unit, one commune',
            value: communeProgress * 1000,
            unit: 'ms',
            baseline: 'SELECT count(*) of the members under that commune',
            baselineValue: countCommuneMembers * 1000,
            ratio: ratioOf(communeProgress, countCommuneMembers),
            note: `as the organiser of the commune with the most members (${commune.members}): the assignment covers them`,
          },
        ],
      };
    } finally {
      await bench.close();
    }
  } finally {
    await database.close();
  }
}

/** Assigning the demo course to ~100,000 people of the province dataset: the enrol job vs a plain INSERT … SELECT. */
export const assignScenario: Scenario = {
  name: 'assign',
  title: 'assigning a course to ~100,000 people (learning.assignment.enrol job) vs INSERT … SELECT of as many rows',
  defaults: { seconds: 1, concurrency: 1 },
  run,
};
