import { Agent, createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { UnitType } from '@app/org';
import { createPublishedCourse } from '../../factories/courses';
import { createExam, createQuestion } from '../../factories/exams';
import { apiToken, createUnit } from '../../factories/identity';
import { createLearner } from '../../factories/roster';
import { openBenchDatabase, startBenchApp } from '../bench-app';
import { runLoad } from '../load';
import { BenchRow, ratioOf, Scenario, ScenarioOptions, ScenarioResult } from '../types';

const QUESTIONS = 20;
/** The upper bound of starts per second the start phase is sized for (each start needs a new person × exam pair). */
const MAX_STARTS_PER_SECOND = 400;
const DB_POOL = 20; // the app's pool (libs/db data-source.ts), given to the baseline too

interface Reply {
  status: number;
  body: string;
}

function send(agent: Agent, url: string, method: string, token: string | null, payload?: string): Promise<Reply> {
  const headers: Record<string, string | number> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const UPSERT = `INSERT INTO exam_answer (attempt_id, question_version_id, response, saved_at) VALUES ($1, $2, $3, now())
  ON CONFLICT ON CONSTRAINT pk_exam_answer DO UPDATE SET response = EXCLUDED.response, saved_at = EXCLUDED.saved_at
  WHERE exam_answer.response IS DISTINCT FROM EXCLUDED.response RETURNING saved_at`;

/**
 * The baseline: a bare node:http server that takes the same PUT /attempts/:a/answers/:q with a JSON body and upserts
 * the same row with pg (no authentication, no checks), answering JSON.
 */
async function startBareServer(databaseUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new Pool({ connectionString: databaseUrl, max: DB_POOL });
  const server: Server = createServer((req, res) => {
    const m = /^\/attempts\/([0-9a-f-]{36})\/answers\/([0-9a-f-]{36})$/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!m || req.method !== 'PUT') {
        res.writeHead(404).end();
        return;
      }
      let selected: unknown;
      try {
        selected = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { selected?: unknown }).selected;
      } catch {
        res.writeHead(400).end();
        return;
      }
      pool.query(UPSERT, [m[1], m[2], JSON.stringify({ selected })]).then(
        () => {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ saved: true }));
        },
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

async function run({ seconds, concurrency }: ScenarioOptions): Promise<ScenarioResult> {
  const database = await openBenchDatabase();
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const bench = await startBenchApp(database.url);
    const bare = await startBareServer(database.url);
    try {
      const { app, db, baseUrl } = bench;
      console.log(`   a province, a commune, ${concurrency} learners, ${QUESTIONS} questions …`);
      const province = await createUnit(app, db, 'BENCHP', { type: UnitType.Province, name: 'Tỉnh Đo Tải' });
      const commune = await createUnit(app, db, 'BENCHX', { parent: province, name: 'Xã Đo Tải' });
      const course = await createPublishedCourse(db, { ownerUnit: province });
      const questionIds: string[] = [];
      for (let i = 0; i < QUESTIONS; i++) {
        questionIds.push((await createQuestion(app, { course, name: `Câu đo tải ${i}` })).id);
      }
      const learners = [];
      for (let i = 0; i < concurrency; i++) {
        learners.push(await createLearner(app, db, `B${i}`, { unit: commune, fullName: `Người Đo Tải ${i}` }));
      }
      const tokens = await Promise.all(learners.map((l) => apiToken(app, l)));
      const contest = (title: string) =>
        createExam(app, { course, kind: 'contest', title, questionIds, timeLimitMinutes: 1440, passPercent: 50 });

      // ---- answer saves: each client saves the answers of its own attempt, alternating a and b (each save writes) ----
      const saveExam = await contest('Cuộc thi đo tải: lưu câu trả lời');
      const attempts: Array<{ id: string; questions: string[] }> = [];
      for (const token of tokens) {
        const res = await send(agent, `${baseUrl}/api/v1/exams/${saveExam.id}/attempts`, 'POST', token);
        if (res.status !== 201) throw new Error(`start answered ${res.status} ${res.body.slice(0, 200)}`);
        const body = JSON.parse(res.body) as { id: string; questions: Array<{ questionVersionId: string }> };
        attempts.push({ id: body.id, questions: body.questions.map((q) => q.questionVersionId) });
      }
      const turn = new Array<number>(concurrency).fill(0);
      const next = (client: number) => {
        const n = turn[client]++;
        const a = attempts[client];
        const q = a.questions[n % a.questions.length];
        const payload = JSON.stringify({ selected: [Math.floor(n / a.questions.length) % 2 === 0 ? 'a' : 'b'] });
        return { path: `/attempts/${a.id}/answers/${q}`, payload };
      };
      const save = async (client: number): Promise<boolean> => {
        const { path, payload } = next(client);
        return (await send(agent, `${baseUrl}/api/v1${path}`, 'PUT', tokens[client], payload)).status === 200;
      };
      const bareSave = async (client: number): Promise<boolean> => {
        const { path, payload } = next(client);
        return (await send(agent, `${bare.url}${path}`, 'PUT', null, payload)).status === 200;
      };
      await runLoad(save, { concurrency, seconds: 1 });
      await runLoad(bareSave, { concurrency, seconds: 1 });
      const baseline = await runLoad(bareSave, { concurrency, seconds });
      const saves = await runLoad(save, { concurrency, seconds });

      // ---- synchronised starts: every client starts at once, then again at the next exam as soon as it can ----
      const exams = Math.ceil((MAX_STARTS_PER_SECOND * (seconds + 1)) / concurrency);
      console.log(`   ${exams} contests for the start phase (a new person × contest pair per start) …`);
      const startExams: string[] = [];
      for (let i = 0; i < exams; i++) startExams.push((await contest(`Cuộc thi đo tải ${i}`)).id);
      const nextExam = new Array<number>(concurrency).fill(0);
      const start = async (client: number): Promise<boolean> => {
        const examId = startExams[nextExam[client]++];
        if (!examId) return false;
        const res = await send(agent, `${baseUrl}/api/v1/exams/${examId}/attempts`, 'POST', tokens[client]);
        return res.status === 201;
      };
      const starts = await runLoad(start, { concurrency, seconds });

      const row = (r: Omit<BenchRow, 'ratio'>): BenchRow => ({
        ...r,
        ratio: r.baselineValue === null ? null : ratioOf(r.value, r.baselineValue),
      });
      return {
        dataSize: `${concurrency} learners of one commune, a contest of ${QUESTIONS} questions (fixed list) for the saves, ${exams} contests for the starts`,
        setup:
          `${database.server}; app in-process on a loopback port, HTTP keep-alive, bearer tokens; ` +
          `concurrency ${concurrency}, ${seconds} s per figure; baseline: bare node:http + pg (pool ${DB_POOL}) ` +
          `upserting the same rows in the same run`,
        rows: [
          row({
            figure: 'answer saves per second (PUT /api/v1/attempts/:id/answers/:q)',
            value: saves.rate,
            unit: '/s',
            baseline: 'bare node:http + pg upsert per second',
            baselineValue: baseline.rate,
            note: `${saves.ok} saves, ${baseline.ok} bare upserts; the goal is also ≥ 40% of the baseline`,
            budget: 'exam-saves-rate',
          }),
          row({
            figure: 'answer save latency p99',
            value: saves.p99Ms,
            unit: 'ms',
            baseline: 'bare upsert p99',
            baselineValue: baseline.p99Ms,
            note: `save p50 ${saves.p50Ms.toFixed(1)} ms (bare ${baseline.p50Ms.toFixed(1)} ms)`,
            budget: 'exam-saves-p99',
          }),
          row({
            figure: 'answer save p50',
            value: saves.p50Ms,
            unit: 'ms',
            baseline: 'bare upsert p50',
            baselineValue: baseline.p50Ms,
            note: '',
          }),
          row({
            figure: 'exam starts per second (synchronised, a new attempt each)',
            value: starts.rate,
            unit: '/s',
            baseline: null,
            baselineValue: null,
            note: `${starts.ok} starts (paper of ${QUESTIONS} drawn and stored each); goal 200/s for 60 s`,
          }),
          row({
            figure: 'exam start latency p95',
            value: starts.p95Ms,
            unit: 'ms',
            baseline: null,
            baselineValue: null,
            note: `start p50 ${starts.p50Ms.toFixed(1)} ms, p99 ${starts.p99Ms.toFixed(1)} ms`,
            budget: 'exam-start-p95',
          }),
          row({
            figure: 'errors (saves, bare upserts and starts)',
            value: saves.errors + baseline.errors + starts.errors,
            unit: 'requests',
            baseline: null,
            baselineValue: null,
            note: `saves ${saves.errors}, bare ${baseline.errors}, starts ${starts.errors}`,
            budget: 'no-errors',
          }),
        ],
      };
    } finally {
      await bare.close();
      await bench.close();
    }
  } finally {
    agent.destroy();
    await database.close();
  }
}

/** Exam answer saves next to a bare node:http + pg upsert of the same rows; synchronised exam starts. */
export const examScenario: Scenario = {
  name: 'exam',
  title:
    'exam answer saves (PUT, idempotent upsert) vs a bare node:http + pg upsert of the same rows, and synchronised exam starts',
  defaults: { seconds: 10, concurrency: 50 },
  run,
};
