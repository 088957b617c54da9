import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Response } from 'superagent';
import type { Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { sampleFiles } from './authoring';

/**
 * Everything about a course that a call could change, as one comparable string: the course row, its versions,
 * modules, lessons and files, the assignments of it, the enrolments in it with their progress and events. The scope
 * matrix compares it before and after every refused call (a refusal must leave no trace).
 */
export async function courseState(db: DataSource, courseId: string): Promise<string> {
  const q = (sql: string): Promise<unknown[]> => db.query(sql, [courseId]);
  const ofCourse = `JOIN course_version v ON v.id = x.version_id WHERE v.course_id = $1`;
  const ofEnrolment = `JOIN enrolment e ON e.id = x.enrolment_id WHERE e.course_id = $1`;
  const [course, versions, modules, lessons, files, assignments, enrolments, progress, events] = await Promise.all([
    q(`SELECT code, owner_unit_id, status, open_enrolment, published_version_id, draft_version_id, updated_at
         FROM course WHERE id = $1`),
    q(`SELECT id, version_no, title, summary, tags, estimated_minutes, final_exam, published_at
         FROM course_version WHERE course_id = $1 ORDER BY version_no`),
    q(`SELECT x.id, x.version_id, x.position, x.title FROM course_module x ${ofCourse} ORDER BY x.id`),
    q(`SELECT x.id, x.module_id, x.position, x.kind, x.title, x.body_html, x.url, x.file_id, x.required
         FROM lesson x ${ofCourse} ORDER BY x.id`),
    q(`SELECT id, storage_key, size_bytes FROM course_file WHERE course_id = $1 ORDER BY id`),
    q(`SELECT id, unit_id, status, due_date::text AS due_date FROM assignment WHERE course_id = $1 ORDER BY id`),
    q(`SELECT id, person_id, version_id, source, started_at, completed_at, last_lesson_id, progress_percent
         FROM enrolment WHERE course_id = $1 ORDER BY id`),
    q(`SELECT x.enrolment_id, x.lesson_id, x.completed_at, x.video_position_seconds, x.video_watched_seconds
         FROM lesson_progress x ${ofEnrolment} ORDER BY x.enrolment_id, x.lesson_id`),
    q(`SELECT x.enrolment_id, x.lesson_id, x.kind FROM learning_event x ${ofEnrolment} ORDER BY x.id`),
  ]);
  return JSON.stringify({ course, versions, modules, lessons, files, assignments, enrolments, progress, events });
}

/** How many courses a unit owns (what a refused "new course" must not change). */
export async function coursesOwnedBy(db: DataSource, unitId: string): Promise<string> {
  const rows = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM course WHERE owner_unit_id = $1`, [
    unitId,
  ]);
  return String(rows[0].n);
}

/** The enrolment of a person in a course (made by an assignment job or a self-enrolment). */
export async function enrolmentOf(db: DataSource, personId: string, courseId: string): Promise<string> {
  const rows = await db.query<Array<{ id: string }>>(
    `SELECT id FROM enrolment WHERE person_id = $1 AND course_id = $2`,
    [personId, courseId],
  );
  if (!rows[0]) throw new Error(`person ${personId} is not enrolled in course ${courseId}`);
  return rows[0].id;
}

// ---- the shared harness: route tables, callers, answers, and the app's own list of routes ----

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The caller kinds of every matrix: organisers, agencies and learners of own subtree, sibling, ancestor, elsewhere. */
export const CALLERS = ['orgA', 'orgB', 'orgP', 'orgQ', 'agencyP', 'agencyQ', 'learnerA', 'learnerB', 'admin'] as const;
export type Caller = (typeof CALLERS)[number];

/** Callers outside commune A's subtree (sibling, other province): nothing of A may reach them. */
export const OUTSIDERS: readonly Caller[] = ['orgB', 'orgQ', 'agencyQ', 'learnerB'];

/** A request of a matrix row, on a supertest agent. */
export const open = (agent: TestAgent, method: Method, path: string): Test =>
  method === 'get'
    ? agent.get(path)
    : method === 'post'
      ? agent.post(path)
      : method === 'put'
        ? agent.put(path)
        : method === 'patch'
          ? agent.patch(path)
          : agent.delete(path);

/** The answer as text, whatever its type (JSON, HTML, a file). */
export const bodyText = (res: Response): string =>
  typeof res.text === 'string'
    ? res.text
    : Buffer.isBuffer(res.body)
      ? res.body.toString('latin1')
      : JSON.stringify(res.body ?? '');

/** "METHOD /path/:param" of a row (its note in parentheses and its query left out), as the router declares it. */
export const routeKey = (route: string): string => {
  const [method, path] = route.split(' ');
  return `${method.toUpperCase()} ${path.split('?')[0]}`;
};

/** A page route (not under /api/): a form's 303 counts as allowed. */
export const isPage = (route: string): boolean => !route.split(' ')[1].startsWith('/api/');

/** allowed: 2xx (or 303 for a page form); refused: one of `refusals` (default 403, 404); anything else: unexpected. */
export function answerOf(
  route: string,
  status: number,
  refusals: readonly number[] = [403, 404],
): 'allowed' | 'refused' | 'unexpected' {
  if ((status >= 200 && status < 300) || (isPage(route) && status === 303)) return 'allowed';
  return refusals.includes(status) ? 'refused' : 'unexpected';
}

/** One row of a context's route table: the route, who may call it, and how to call it on the matrix's world. */
export interface TableRow<W> {
  /** "METHOD /path/:param", as the controllers declare it (a note in parentheses may follow). */
  route: string;
  allow: readonly Caller[];
  path: (w: W) => string;
  body?: (w: W) => Record<string, unknown>;
  /** Multipart with a PDF in the field `file` (pages: `_csrf` first; `body`'s fields, if any, before the file). */
  upload?: boolean;
  /** A page route called by a script: JSON, the CSRF token in X-CSRF-Token. */
  json?: boolean;
  /** Fresh objects for this one call (writes): the world the row's functions then get. */
  fresh?: (w: W) => Promise<W>;
  /** What a refused call must leave unchanged. */
  state?: (w: W) => Promise<string>;
  /** An allowed call must change `state` (a write called by its allowed callers too). */
  changes?: boolean;
  /** Writes: only refused callers are called (the allowed ones are the context's own e2e specs). */
  refusalsOnly?: boolean;
  /** Markers these (allowed) callers must find: proves the absence checks look at the right data. */
  shows?: { callers: readonly Caller[]; markers: (w: W) => string[] };
  /** Markers no allowed caller may find, insiders included (e.g. a draft in the catalogue). */
  neverShows?: (w: W) => string[];
  /** Markers of the hidden data this route may show anyone (e.g. an id in the caller's own query): not leaks. */
  notSecret?: (w: W) => string[];
  /** Statuses that count as a refusal (default 403 and 404). */
  refusals?: readonly number[];
}

/** A context's declared route table. */
export interface RouteTable<W> {
  context: string;
  rows: Array<TableRow<W>>;
}

/** The rows of a table × every caller kind, as it.each rows (a refusals-only row leaves its allowed callers out). */
export function matrixRows<W>(
  table: RouteTable<W>,
): Array<{ route: string; caller: Caller; expected: string; row: TableRow<W> }> {
  return table.rows.flatMap((row) =>
    CALLERS.filter((caller) => !(row.refusalsOnly && row.allow.includes(caller))).map((caller) => ({
      route: row.route,
      caller,
      expected: row.allow.includes(caller) ? 'allowed' : 'refused (403/404)',
      row,
    })),
  );
}

/** The caller's sessions: a bearer token for /api/v1, a web session with its CSRF token for the pages. */
export interface MatrixCallers {
  tokens: Record<Caller, string>;
  web: Record<Caller, { agent: TestAgent; csrf: string }>;
}

/** Adds multipart fields in order (a list as repeated fields; undefined left out). */
export function withFormFields(req: Test, fields: Record<string, unknown> = {}): Test {
  let r = req;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) r = r.field(name, String(v));
  }
  return r;
}

/** Calls a row's route as a caller: the API with the bearer token, pages with the session (forms with _csrf). */
export async function callRow<W>(
  http: TestAgent,
  callers: MatrixCallers,
  row: TableRow<W>,
  caller: Caller,
  w: W,
): Promise<Response> {
  const [verb] = row.route.split(' ');
  const method = verb.toLowerCase() as Method;
  const path = row.path(w);
  if (!isPage(row.route)) {
    const req = open(http, method, path).auth(callers.tokens[caller], { type: 'bearer' });
    if (row.upload) return await withFormFields(req, row.body?.(w)).attach('file', sampleFiles.pdf(), 'tai-lieu.pdf');
    return await (row.body ? req.send(row.body(w)) : req);
  }
  const { agent, csrf } = callers.web[caller];
  const req = open(agent, method, path);
  if (method === 'get') return await req;
  if (row.upload) {
    return await withFormFields(req.field('_csrf', csrf), row.body?.(w)).attach(
      'file',
      sampleFiles.pdf(),
      'tai-lieu.pdf',
    );
  }
  if (row.json) return await req.set('X-CSRF-Token', csrf).send(row.body?.(w) ?? {});
  return await req.type('form').send({ _csrf: csrf, ...row.body?.(w) });
}

/**
 * The matrix check of one row and caller (on fresh objects when the row makes them): the answer is the expected one;
 * an allowed answer to an outsider carries none of `hidden` (A's data) and no allowed answer the row's `neverShows`,
 * a refusal none of `names` (what the row may show anyone aside); a refused call leaves `state` unchanged, and an
 * allowed one that `changes` changes it.
 */
export async function checkRow<W>(
  http: TestAgent,
  callers: MatrixCallers,
  row: TableRow<W>,
  caller: Caller,
  world: W,
  leaks: { hidden: (caller: Caller) => string[]; names: string[] },
): Promise<void> {
  const w = row.fresh ? await row.fresh(world) : world;
  const notSecret = new Set(row.notSecret?.(w) ?? []);
  const before = row.state ? await row.state(w) : undefined;
  const res = await callRow(http, callers, row, caller, w);
  const text = bodyText(res);
  const expected = row.allow.includes(caller) ? 'allowed' : 'refused';
  const got = {
    answer: answerOf(row.route, res.status, row.refusals),
    status: res.status,
    excerpt: text.slice(0, 300),
  };
  expect(got).toEqual({ ...got, answer: expected });
  if (expected === 'allowed') {
    if (res.status < 300) {
      const hidden = [...leaks.hidden(caller).filter((m) => !notSecret.has(m)), ...(row.neverShows?.(w) ?? [])];
      expect(hidden.filter((m) => text.includes(m))).toEqual([]);
    }
    if (row.shows?.callers.includes(caller)) {
      expect(row.shows.markers(w).filter((m) => !text.includes(m))).toEqual([]);
    }
    if (row.state && row.changes) expect(await row.state(w)).not.toBe(before);
  } else {
    expect(leaks.names.filter((n) => !notSecret.has(n) && text.includes(n))).toEqual([]);
    if (row.state) expect(await row.state(w)).toBe(before);
  }
}

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every route the app serves ("METHOD /path/:param"), read from Express's router stack, each once. */
export function appRoutes(app: NestExpressApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as {
    router?: { stack: RouterLayer[] };
    _router?: { stack: RouterLayer[] };
  };
  const stack = (express.router ?? express._router)?.stack ?? [];
  const routes = stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods)
          .filter((m) => m !== '_all')
          .map((m) => `${m.toUpperCase()} ${layer.route!.path}`)
      : [],
  );
  return [...new Set(routes)].sort();
}

/**
 * The state a refused roster or account write must leave unchanged: units (with their names and parents over time),
 * people with their periods, headcounts, accounts, grants, invitations and the role catalogue.
 */
export async function rosterState(db: DataSource): Promise<string> {
  const tables = [
    'org_unit',
    'person',
    'person_membership',
    'person_role',
    'person_status_period',
    'unit_headcount',
    'account',
    'account_grant',
    'account_invitation',
    'org_unit_version',
    'role',
  ];
  const sums = await Promise.all(
    tables.map((table) =>
      db.query<Array<{ h: string | null }>>(
        `SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${table} x`,
      ),
    ),
  );
  return tables.map((table, i) => `${table}:${sums[i][0].h}`).join(' ');
}
