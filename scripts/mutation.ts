// `npm run mutation [-- <group>...] [--mutate <file>] [--list]`: mutation testing with Stryker (stryker.config.mjs), one run per
// group of modules that carry the product's guarantees, each with only the tests of that group (per-test coverage
// inside it). Reports go to test-artifacts/mutation/<group>/; the score of each module is printed and written to the
// "Mutation scores" section of TESTING.md. Not part of .ci/run (too slow); see TESTING.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'mutation');
const TESTING_FILE = join(ROOT, 'TESTING.md');

/** A file to mutate: whole, or only the named methods / functions (the scope checks of a larger service). */
type Target = string | { file: string; only: string[] };

interface Group {
  what: string;
  mutate: Target[];
  tests: string[];
}

export const GROUPS: Record<string, Group> = {
  completion: {
    what: 'the completion rule and where it is applied',
    mutate: ['libs/learning/src/learner/completion-rule.ts', 'libs/learning/src/learner/course-completion.service.ts'],
    tests: ['libs/learning/src/learner/completion-rule.spec.ts', 'test/e2e/learning/learner-api.e2e-spec.ts'],
  },
  video: {
    what: 'video watch (90% watched, seeks)',
    mutate: ['libs/learning/src/learner/video-watch.ts'],
    tests: ['libs/learning/src/learner/video-watch.spec.ts', 'test/e2e/learning/learner-video.e2e-spec.ts'],
  },
  reminders: {
    what: 'course reminders, each once',
    mutate: [
      'libs/learning/src/reminders/reminders.service.ts',
      'libs/learning/src/reminders/reminder.repository.ts',
      'libs/learning/src/reminders/reminder-mail.ts',
    ],
    tests: [
      'libs/learning/src/reminders/reminder-mail.spec.ts',
      'test/e2e/learning/reminders.e2e-spec.ts',
      'test/e2e/learning/reminders-schedule.e2e-spec.ts',
    ],
  },
  access: {
    what: 'the access vocabulary (policies, permissions) and the SQL fragments of scope and the roster rule',
    mutate: ['libs/org/src/access/policy.ts', 'libs/org/src/access/sql-fragments.ts', 'libs/common/src/actor.ts'],
    tests: [
      'libs/org/src/access/policy.spec.ts',
      'libs/org/src/access/sql-fragments.spec.ts',
      'libs/org/src/access/roster-rule.spec.ts',
    ],
  },
  'coverage-rules': {
    what: 'the coverage rule: percentage, gap, expected coverage and status',
    mutate: ['libs/coverage/src/rules/coverage-rules.ts'],
    tests: ['libs/coverage/src/rules/coverage-rules.spec.ts'],
  },
  'export-audit': {
    what: 'export audit: the purpose, the entry before the first byte, the end entry',
    mutate: ['libs/audit/src/export-audit.ts'],
    // Unit specs only: test/e2e/security/contact-data.e2e-spec.ts checks the same entries in PostgreSQL, but would
    // boot the app for every mutant of auditThenStream.
    tests: ['libs/audit/src/export-audit.spec.ts', 'libs/audit/src/export-audit.service.spec.ts'],
  },
  'roster-import': {
    what: 'roster import runner and row validation',
    mutate: [
      'libs/org/src/people/import-jobs/roster-import.runner.ts',
      'libs/org/src/people/import-jobs/row-resolver.ts',
      'libs/org/src/people/import/validate-row.ts',
      'libs/org/src/people/import/roster-values.ts',
    ],
    tests: [
      'libs/org/src/people/import/validate-row.spec.ts',
      'libs/org/src/people/import/parse-roster.spec.ts',
      'test/e2e/org/roster-import.e2e-spec.ts',
    ],
  },
  'org-scope': {
    what: 'scope checks on org reads and writes',
    mutate: [
      { file: 'libs/org/src/units/org-units.service.ts', only: ['getVisibleUnit', 'canActOn'] },
      'libs/org/src/people/people.service.ts',
      'libs/org/src/units/unit-history.service.ts',
    ],
    tests: [
      'test/e2e/org/org-write-scope.e2e-spec.ts',
      'test/e2e/org/people.e2e-spec.ts',
      'test/e2e/org/units.e2e-spec.ts',
      'test/e2e/org/unit-history.e2e-spec.ts',
    ],
  },
  'learning-scope': {
    what: 'scope checks of courses, assignments and a learner’s own enrolments',
    mutate: [
      'libs/learning/src/learner/learner-access.ts',
      { file: 'libs/learning/src/courses/course-access.service.ts', only: ['assertAuthor', 'assertMayOwn'] },
      {
        file: 'libs/learning/src/assignments/assignments.service.ts',
        only: ['unitByCode', 'assertAssignable', 'visible', 'cancel'],
      },
      { file: 'libs/learning/src/assignments/assignment-progress.service.ts', only: ['progress'] },
    ],
    tests: ['test/e2e/learning/scope-matrix.e2e-spec.ts', 'test/e2e/learning/assignments.e2e-spec.ts'],
  },
  certificates: {
    what: 'certificate issue (once, serials), verification codes, public verification, who sees and revokes',
    mutate: [
      'libs/certificates/src/issuing/certificate-issuer.ts',
      'libs/certificates/src/codes/verification-code.ts',
      'libs/certificates/src/verification/verification.service.ts',
      { file: 'libs/certificates/src/certificates/certificates.service.ts', only: ['visible', 'revoke'] },
    ],
    tests: ['libs/certificates/src/codes/verification-code.spec.ts', 'test/e2e/certificates/certificates.e2e-spec.ts'],
  },
};

/** `file:from-to` for each named method (its signature line to its closing brace at the same indentation). */
function ranges(target: Target): string[] {
  if (typeof target === 'string') return [target];
  const lines = readFileSync(join(ROOT, target.file), 'utf8').split('\n');
  return target.only.map((name) => {
    const signature = new RegExp(
      `^(\\s*)(?:export )?(?:private |public |protected )?(?:async )?(?:function )?${name}\\(`,
    );
    const start = lines.findIndex((l) => signature.test(l));
    if (start < 0) throw new Error(`${target.file}: no method ${name} (update GROUPS in scripts/mutation.ts)`);
    const indent = signature.exec(lines[start])![1];
    const end = lines.findIndex((l, i) => i > start && l === `${indent}}`);
    if (end < 0) throw new Error(`${target.file}: cannot find the end of ${name}`);
    return `${target.file}:${start + 1}-${end + 1}`;
  });
}

interface Score {
  file: string;
  killed: number;
  survived: number;
  noCoverage: number;
  timeout: number;
  score: number | null;
}

/** Per file, from Stryker's JSON report: (killed + timed out) / (killed + timed out + survived + not covered). */
function scores(reportFile: string): Score[] {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
    files: Record<string, { mutants: Array<{ status: string }> }>;
  };
  return Object.entries(report.files).map(([file, { mutants }]) => {
    const n = (status: string) => mutants.filter((m) => m.status === status).length;
    const [killed, survived, noCoverage, timeout] = [n('Killed'), n('Survived'), n('NoCoverage'), n('Timeout')];
    const valid = killed + survived + noCoverage + timeout;
    const rel = relative(ROOT, join(ROOT, file));
    return {
      file: rel,
      killed,
      survived,
      noCoverage,
      timeout,
      score: valid ? ((killed + timeout) * 100) / valid : null,
    };
  });
}

function runGroup(name: string, group: Group, only: string | null): Score[] {
  const mutate = group.mutate.filter((t) => !only || (typeof t === 'string' ? t : t.file) === only).flatMap(ranges);
  if (mutate.length === 0) throw new Error(`${only} is not in group ${name}`);
  const reportDir = join(ARTIFACTS, name);
  console.log(`\n== ${name}: ${group.what}\n   mutate: ${mutate.join(', ')}\n   tests: ${group.tests.join(', ')}`);
  const started = Date.now();
  const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', '--mutate', mutate.join(',')], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, TZ: 'UTC', MUTATION_TESTS: group.tests.join(','), MUTATION_REPORT_DIR: reportDir },
  });
  if (run.status !== 0) throw new Error(`stryker failed for group ${name} (exit ${run.status})`);
  console.log(`   ${name}: ${Math.round((Date.now() - started) / 1000)} s`);
  return scores(join(reportDir, 'mutation.json'));
}

/** Replaces each measured module's line in TESTING.md's table (between the markers); other lines stay. */
function writeScores(measured: Array<Score & { group: string }>, date: string): void {
  const start = '<!-- mutation:scores:start -->';
  const end = '<!-- mutation:scores:end -->';
  let doc = existsSync(TESTING_FILE) ? readFileSync(TESTING_FILE, 'utf8') : `# Testing\n\n${start}\n${end}\n`;
  if (!doc.includes(start)) doc = `${doc.trimEnd()}\n\n${start}\n${end}\n`;
  const from = doc.indexOf(start) + start.length;
  const to = doc.indexOf(end);
  const rows = new Map<string, string>();
  for (const line of doc.slice(from, to).split('\n')) {
    const file = /^\| `([^`]+)` \|/.exec(line)?.[1];
    if (file) rows.set(file, line);
  }
  for (const s of measured) {
    const score = s.score === null ? '—' : `${s.score.toFixed(1)}%`;
    rows.set(
      s.file,
      `| \`${s.file}\` | ${s.group} | ${score} | ${s.killed + s.timeout} | ${s.survived} | ${s.noCoverage} | ${date} |`,
    );
  }
  const table = [
    '| module | group | score | killed | survived | not covered | measured |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...[...rows.keys()].sort().map((k) => rows.get(k)!),
  ].join('\n');
  doc = `${doc.slice(0, from)}\n${table}\n${doc.slice(to)}`;
  writeFileSync(TESTING_FILE, doc);
}

function main(): void {
  const args = process.argv.slice(2);
  let only: string | null = null;
  let list = false;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--mutate') only = args[++i] ?? null;
    else if (args[i] === '--list') list = true;
    else if (args[i].startsWith('-')) throw new Error(`unknown option ${args[i]}`);
    else names.push(args[i]);
  }
  for (const n of names) if (!GROUPS[n]) throw new Error(`unknown group ${n}: ${Object.keys(GROUPS).join(', ')}`);
  const chosen = names.length > 0 ? names : Object.keys(GROUPS);
  if (list) {
    for (const name of chosen) {
      console.log(
        `${name}: ${GROUPS[name].mutate.flatMap(ranges).join(', ')}\n  tests: ${GROUPS[name].tests.join(', ')}`,
      );
    }
    return;
  }
  const measured: Array<Score & { group: string }> = [];
  for (const name of chosen) {
    for (const s of runGroup(name, GROUPS[name], only)) measured.push({ ...s, group: name });
  }
  console.log('\nmutation score per module (≥ 80% expected):');
  for (const s of measured) {
    const score = s.score === null ? '—' : `${s.score.toFixed(1)}%`;
    console.log(`  ${score.padStart(6)}  ${s.file}  (${s.survived} survived, ${s.noCoverage} not covered)`);
  }
  writeScores(measured, new Date().toISOString().slice(0, 10));
  console.log(`\nreports: ${relative(ROOT, ARTIFACTS)}/<group>/mutation.html; scores written to TESTING.md`);
}

main();
