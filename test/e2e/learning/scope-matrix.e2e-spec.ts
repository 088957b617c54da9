import type { Response } from 'superagent';
import type { Test } from 'supertest';
import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { UnitResponse, UnitType } from '@app/org';
import { sampleFiles } from '../../factories/authoring';
import { createPublishedCourse } from '../../factories/courses';
import { unique } from '../../factories/given';
import type { GivenAccount, WebLogin } from '../../factories/identity';
import { addUploadedVideoLesson } from '../../factories/learner';
import type { GivenLearner } from '../../factories/roster';
import {
  answerOf,
  bodyText,
  Caller,
  CALLERS,
  courseState,
  coursesOwnedBy,
  enrolmentOf,
  Method,
  open,
  OUTSIDERS,
} from '../../factories/scope-matrix';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The callers, requests and answers come from the shared harness (test/factories/scope-matrix.ts); the route rows
 * are declared here (test/e2e/platform/route-tables.e2e-spec.ts reads them to check every route is in a table).
 *
 * DESIGN.md: "ids from another subtree answer 403/404 with no data. A test matrix covers every route × permission ×
 * {own subtree, sibling, ancestor, other province}: no unexpected 2xx." This is that matrix for the learning routes
 * (authoring, learner, assignments, outbox; API and pages).
 *
 * The world: province P with communes A and B, province Q. Commune A owns a published course (closed to
 * self-enrolment, with a text lesson and an uploaded PDF), a draft course, an assignment of the published course to
 * A, and a learner of A enrolled by it. Every route is called by every caller; a row expects either "allowed" (2xx,
 * or 303 for a page form) or "refused" (403/404). Allowed answers to callers outside A's subtree must contain none
 * of A's data; refusals contain no names; a refused write leaves the database unchanged. Writes run on fresh
 * objects made for the row (a new course of A, an assignment, an enrolment), so every row stands alone.
 */

jest.setTimeout(120_000); // ~600 calls on a shared, loaded machine

const AUTHORS_OF_A: readonly Caller[] = ['orgA', 'orgP', 'admin'];
const ANY_AUTHOR: readonly Caller[] = ['orgA', 'orgB', 'orgP', 'orgQ', 'admin'];
const READERS_OF_A: readonly Caller[] = ['orgA', 'orgP', 'agencyP', 'admin'];
const ANY_READER: readonly Caller[] = [...ANY_AUTHOR, 'agencyP', 'agencyQ'];
const ON_ROSTER: readonly Caller[] = ['learnerA', 'learnerB'];
const LEARNER_A: readonly Caller[] = ['learnerA'];
const EVERYONE: readonly Caller[] = CALLERS;
const NOBODY: readonly Caller[] = [];

/** The objects a row works on: the shared ones for reads, fresh ones for writes. */
interface Fx {
  courseId: string;
  moduleId: string;
  lessonId: string;
  videoLessonId?: string;
  enrolmentId?: string;
  assignmentId?: string;
}

interface RouteSpec {
  /** "METHOD /path/:param", as the controllers declare it. */
  route: string;
  allow: readonly Caller[];
  /** Fresh objects for this one call (writes); reads use the shared world. */
  fresh?: () => Promise<Fx>;
  path: (fx: Fx) => string;
  body?: (fx: Fx) => Record<string, unknown>;
  /** Multipart with a PDF in the field `file` (pages: `_csrf` first). */
  upload?: boolean;
  /** A page route called by a script: JSON, CSRF token in X-CSRF-Token. */
  json?: boolean;
  /** What a refused call must leave unchanged (default for fresh rows: the fresh course's state). */
  state?: (fx: Fx) => Promise<string>;
  /** The allowed call need not change `state` (idempotent). */
  idempotent?: boolean;
  /** Markers these (allowed) callers must find: proves the absence checks look at the right data. */
  shows?: { callers: readonly Caller[]; markers: () => string[] };
  /** The assignment form offers every published course to every organiser (AssignmentsService.assertAssignable). */
  coursesPublic?: boolean;
  /** Markers no allowed caller may find, insiders included (e.g. a draft in the catalogue). */
  neverShows?: () => string[];
  /** Statuses that count as a refusal (default 403 and 404; rows with a foreign id in the body may answer 400/409). */
  refusals?: readonly number[];
}

interface World {
  A: UnitResponse;
  B: UnitResponse;
  Q: UnitResponse;
  hr: string;
  course: { id: string; code: string; title: string; moduleId: string; lessonId: string; fileId: string };
  draft: { id: string; code: string; title: string };
  assignmentId: string;
  enrolmentId: string;
  learnerA: GivenLearner;
  tokens: Record<Caller, string>;
  web: Record<Caller, WebLogin>;
}

describe('scope matrix: learning routes × callers of own subtree, sibling, ancestor, other province', () => {
  let t: TestApp;
  let w: World;

  const waitJobs = () => t.app.get(InProcessJobExecutor).onIdle();
  const dueDate = (): string => new Date(t.clock.now().getTime() + 30 * 24 * 3600_000).toISOString().slice(0, 10);
  const api = (caller: Caller, method: Method, path: string): Test =>
    open(t.http, method, path).auth(w.tokens[caller], { type: 'bearer' });
  const shared = (): Fx => ({
    courseId: w.course.id,
    moduleId: w.course.moduleId,
    lessonId: w.course.lessonId,
    enrolmentId: w.enrolmentId,
    assignmentId: w.assignmentId,
  });

  // ---- fresh objects for writes ----

  /** A published course of commune A (or `owner`; two modules of two text lessons); `draft`: with a pending edit. */
  async function freshCourse(o: { open?: boolean; draft?: boolean; owner?: { id: string } } = {}): Promise<Fx> {
    const c = await createPublishedCourse(t.db, { ownerUnit: o.owner ?? w.A, openEnrolment: o.open ?? false });
    if (o.draft) {
      await api('admin', 'patch', `/api/v1/courses/${c.id}`)
        .send({ title: `Sửa ${c.code}` })
        .expect(200);
    }
    return { courseId: c.id, moduleId: c.moduleIds[0], lessonId: c.lessonIds[0] };
  }

  /** A fresh course of A assigned to A (by an administrator), its enrol job done. */
  async function freshAssignment(): Promise<Fx> {
    const fx = await freshCourse();
    const res = await api('admin', 'post', '/api/v1/assignments')
      .send({ courseId: fx.courseId, unitId: w.A.id, roleIds: [w.hr], dueDate: dueDate() })
      .expect(201);
    await waitJobs();
    return { ...fx, assignmentId: (res.body as { id: string }).id };
  }

  /** The learner of A self-enrolled in a fresh open course of A that also has an uploaded video lesson. */
  async function freshEnrolment(): Promise<Fx> {
    const c = await createPublishedCourse(t.db, { ownerUnit: w.A, openEnrolment: true });
    const video = await addUploadedVideoLesson(t.db, c);
    const res = await api('learnerA', 'post', `/api/v1/courses/${c.id}/enrolment`).expect(201);
    return {
      courseId: c.id,
      moduleId: c.moduleIds[0],
      lessonId: c.lessonIds[0],
      videoLessonId: video.lessonId,
      enrolmentId: (res.body as { id: string }).id,
    };
  }

  const ownedByA = (): Promise<string> => coursesOwnedBy(t.db, w.A.id);

  // ---- the routes ----

  const READS: RouteSpec[] = [
    // authoring (API)
    {
      route: 'GET /api/v1/courses',
      allow: ANY_AUTHOR,
      path: () => '/api/v1/courses?limit=100',
      shows: { callers: AUTHORS_OF_A, markers: () => [w.course.id, w.draft.id] },
    },
    { route: 'GET /api/v1/courses/:courseId', allow: AUTHORS_OF_A, path: (fx) => `/api/v1/courses/${fx.courseId}` },
    {
      route: 'GET /api/v1/courses/:courseId (draft)',
      allow: AUTHORS_OF_A,
      path: () => `/api/v1/courses/${w.draft.id}`,
    },
    {
      route: 'GET /api/v1/courses/:courseId/versions',
      allow: AUTHORS_OF_A,
      path: (fx) => `/api/v1/courses/${fx.courseId}/versions`,
    },
    { route: 'GET /api/v1/lessons/:lessonId', allow: AUTHORS_OF_A, path: (fx) => `/api/v1/lessons/${fx.lessonId}` },
    {
      route: 'GET /api/v1/files/:fileId',
      allow: [...AUTHORS_OF_A, 'learnerA'],
      path: () => `/api/v1/files/${w.course.fileId}`,
    },
    // learner (API)
    {
      route: 'GET /api/v1/catalogue',
      allow: EVERYONE,
      path: () => '/api/v1/catalogue?limit=100',
      neverShows: () => [w.draft.id, w.draft.title],
      shows: { callers: LEARNER_A, markers: () => [w.course.id] },
    },
    { route: 'GET /api/v1/catalogue/:courseId', allow: LEARNER_A, path: (fx) => `/api/v1/catalogue/${fx.courseId}` },
    {
      route: 'GET /api/v1/catalogue/:courseId (draft)',
      allow: NOBODY,
      path: () => `/api/v1/catalogue/${w.draft.id}`,
    },
    {
      route: 'GET /api/v1/me/enrolments',
      allow: ON_ROSTER,
      path: () => '/api/v1/me/enrolments',
      shows: { callers: LEARNER_A, markers: () => [w.course.id] },
    },
    {
      // one's own account; an account not linked to the roster sees it with person and learning null
      route: 'GET /api/v1/me/profile',
      allow: EVERYONE,
      path: () => '/api/v1/me/profile',
      shows: { callers: LEARNER_A, markers: () => [w.learnerA.person.fullName] },
    },
    {
      route: 'GET /api/v1/enrolments/:enrolmentId',
      allow: LEARNER_A,
      path: (fx) => `/api/v1/enrolments/${fx.enrolmentId}`,
    },
    {
      route: 'GET /api/v1/enrolments/:enrolmentId/lessons/:lessonId',
      allow: LEARNER_A,
      path: (fx) => `/api/v1/enrolments/${fx.enrolmentId}/lessons/${fx.lessonId}`,
    },
    // assignments (API)
    {
      route: 'GET /api/v1/assignments',
      allow: ANY_READER,
      path: () => '/api/v1/assignments?limit=100',
      shows: { callers: READERS_OF_A, markers: () => [w.assignmentId] },
    },
    {
      route: 'GET /api/v1/assignments?unitId=<A>',
      allow: READERS_OF_A,
      path: () => `/api/v1/assignments?unitId=${w.A.id}`,
      shows: { callers: READERS_OF_A, markers: () => [w.assignmentId] },
    },
    {
      route: 'GET /api/v1/assignments/:id',
      allow: READERS_OF_A,
      path: (fx) => `/api/v1/assignments/${fx.assignmentId}`,
    },
    {
      route: 'GET /api/v1/assignments/:id/progress',
      allow: READERS_OF_A,
      path: (fx) => `/api/v1/assignments/${fx.assignmentId}/progress`,
    },
    // outbox (API)
    { route: 'GET /api/v1/outbox', allow: ['admin'], path: () => '/api/v1/outbox' },
    // learner pages
    {
      route: 'GET /courses',
      allow: EVERYONE,
      path: () => '/courses',
      neverShows: () => [w.draft.id, w.draft.title],
      shows: { callers: LEARNER_A, markers: () => [w.course.title] },
    },
    { route: 'GET /courses/:courseId', allow: LEARNER_A, path: (fx) => `/courses/${fx.courseId}` },
    { route: 'GET /courses/:courseId (draft)', allow: NOBODY, path: () => `/courses/${w.draft.id}` },
    // a redirect back to the course page after logging in (public, carries no data)
    { route: 'GET /courses/:courseId/enrolment', allow: EVERYONE, path: (fx) => `/courses/${fx.courseId}/enrolment` },
    {
      route: 'GET /courses/:courseId/lessons/:lessonId',
      allow: LEARNER_A,
      path: (fx) => `/courses/${fx.courseId}/lessons/${fx.lessonId}`,
    },
    {
      route: 'GET /my',
      allow: ON_ROSTER,
      path: () => '/my',
      shows: { callers: LEARNER_A, markers: () => [w.course.title] },
    },
    {
      route: 'GET /profile',
      allow: EVERYONE,
      path: () => '/profile',
      shows: { callers: LEARNER_A, markers: () => [w.learnerA.person.fullName] },
    },
    { route: 'GET /files/:fileId', allow: [...AUTHORS_OF_A, 'learnerA'], path: () => `/files/${w.course.fileId}` },
    // authoring pages
    {
      route: 'GET /authoring/courses',
      allow: ANY_AUTHOR,
      path: () => '/authoring/courses',
      shows: { callers: AUTHORS_OF_A, markers: () => [w.course.title, w.draft.title] },
    },
    { route: 'GET /authoring/courses/:id', allow: AUTHORS_OF_A, path: (fx) => `/authoring/courses/${fx.courseId}` },
    { route: 'GET /authoring/lessons/:id', allow: AUTHORS_OF_A, path: (fx) => `/authoring/lessons/${fx.lessonId}` },
    // assignment pages
    {
      route: 'GET /assignments',
      allow: ANY_READER,
      path: () => '/assignments',
      shows: { callers: READERS_OF_A, markers: () => [w.assignmentId] },
    },
    { route: 'GET /assignments/:id', allow: READERS_OF_A, path: (fx) => `/assignments/${fx.assignmentId}` },
    {
      route: 'GET /assignments/:id?unitId=<A>',
      allow: READERS_OF_A,
      path: (fx) => `/assignments/${fx.assignmentId}?unitId=${w.A.id}`,
    },
    // outbox page
    { route: 'GET /admin/outbox', allow: ['admin'], path: () => '/admin/outbox' },
  ];

  const lessonBody = () => ({ kind: 'text', title: 'Bài mới', bodyHtml: '<p>Nội dung mới.</p>' });

  const WRITES: RouteSpec[] = [
    // authoring (API)
    {
      route: 'POST /api/v1/courses (owner A)',
      allow: AUTHORS_OF_A,
      path: () => '/api/v1/courses',
      body: () => ({ code: unique('NEW-'), title: 'Khoá mới của xã', ownerUnitId: w.A.id }),
      state: ownedByA,
    },
    {
      route: 'PATCH /api/v1/courses/:courseId',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/api/v1/courses/${fx.courseId}`,
      body: () => ({ title: 'Tên đã sửa' }),
    },
    {
      route: 'POST /api/v1/courses/:courseId/publish',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse({ draft: true }),
      path: (fx) => `/api/v1/courses/${fx.courseId}/publish`,
    },
    {
      route: 'POST /api/v1/courses/:courseId/archive',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/api/v1/courses/${fx.courseId}/archive`,
    },
    {
      route: 'POST /api/v1/courses/:courseId/modules',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/api/v1/courses/${fx.courseId}/modules`,
      body: () => ({ title: 'Học phần mới' }),
    },
    {
      route: 'PATCH /api/v1/modules/:moduleId',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/api/v1/modules/${fx.moduleId}`,
      body: () => ({ title: 'Học phần đã sửa' }),
    },
    {
      route: 'DELETE /api/v1/modules/:moduleId',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/api/v1/modules/${fx.moduleId}`,
    },
    {
      route: 'POST /api/v1/modules/:moduleId/lessons',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/api/v1/modules/${fx.moduleId}/lessons`,
      body: lessonBody,
    },
    {
      route: 'PATCH /api/v1/lessons/:lessonId',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/api/v1/lessons/${fx.lessonId}`,
      body: () => ({ title: 'Bài đã sửa' }),
    },
    {
      route: 'DELETE /api/v1/lessons/:lessonId',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/api/v1/lessons/${fx.lessonId}`,
    },
    {
      route: 'POST /api/v1/courses/:courseId/files',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/api/v1/courses/${fx.courseId}/files`,
      upload: true,
    },
    // learner (API)
    {
      route: 'POST /api/v1/courses/:courseId/enrolment (closed course)',
      allow: LEARNER_A, // already enrolled by the assignment: the same enrolment
      path: (fx) => `/api/v1/courses/${fx.courseId}/enrolment`,
      state: (fx) => courseState(t.db, fx.courseId),
      idempotent: true,
    },
    {
      route: 'POST /api/v1/courses/:courseId/enrolment (open course)',
      allow: ON_ROSTER, // self-enrolment is open to anyone on the roster; organisers have no person (403)
      fresh: () => freshCourse({ open: true }),
      path: (fx) => `/api/v1/courses/${fx.courseId}/enrolment`,
    },
    {
      route: 'POST /api/v1/enrolments/:enrolmentId/lessons/:lessonId/completion',
      allow: LEARNER_A,
      fresh: freshEnrolment,
      path: (fx) => `/api/v1/enrolments/${fx.enrolmentId}/lessons/${fx.lessonId}/completion`,
    },
    {
      route: 'POST /api/v1/enrolments/:enrolmentId/lessons/:lessonId/video-progress',
      allow: LEARNER_A,
      fresh: freshEnrolment,
      path: (fx) => `/api/v1/enrolments/${fx.enrolmentId}/lessons/${fx.videoLessonId}/video-progress`,
      body: () => ({ positionSeconds: 30, durationSeconds: 100 }),
    },
    // assignments (API)
    {
      route: 'POST /api/v1/assignments (unit A)',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: () => '/api/v1/assignments',
      body: (fx) => ({ courseId: fx.courseId, unitId: w.A.id, roleIds: [w.hr], dueDate: dueDate() }),
    },
    {
      route: 'POST /api/v1/assignments/:id/cancel',
      allow: AUTHORS_OF_A,
      fresh: freshAssignment,
      path: (fx) => `/api/v1/assignments/${fx.assignmentId}/cancel`,
    },
    // learner pages
    {
      route: 'POST /courses/:courseId/enrolment (closed course)',
      allow: LEARNER_A,
      path: (fx) => `/courses/${fx.courseId}/enrolment`,
      state: (fx) => courseState(t.db, fx.courseId),
      idempotent: true,
    },
    {
      route: 'POST /courses/:courseId/enrolment (open course)',
      allow: ON_ROSTER,
      fresh: () => freshCourse({ open: true }),
      path: (fx) => `/courses/${fx.courseId}/enrolment`,
    },
    {
      route: 'POST /courses/:courseId/lessons/:lessonId/completion',
      allow: LEARNER_A,
      fresh: freshEnrolment,
      path: (fx) => `/courses/${fx.courseId}/lessons/${fx.lessonId}/completion`,
    },
    {
      route: 'POST /courses/:courseId/lessons/:lessonId/video-progress',
      allow: LEARNER_A,
      fresh: freshEnrolment,
      path: (fx) => `/courses/${fx.courseId}/lessons/${fx.videoLessonId}/video-progress`,
      body: () => ({ positionSeconds: 30, durationSeconds: 100 }),
      json: true,
    },
    // authoring pages
    {
      route: 'POST /authoring/courses (owner A)',
      allow: AUTHORS_OF_A,
      path: () => '/authoring/courses',
      body: () => ({ code: unique('NEW-'), title: 'Khoá mới của xã', language: 'vi', ownerUnitId: w.A.id }),
      state: ownedByA,
    },
    {
      route: 'POST /authoring/courses/:id',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/authoring/courses/${fx.courseId}`,
      body: () => ({ title: 'Tên đã sửa', summary: 'Tóm tắt', language: 'vi' }),
    },
    {
      route: 'POST /authoring/courses/:id/publish',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse({ draft: true }),
      path: (fx) => `/authoring/courses/${fx.courseId}/publish`,
    },
    {
      route: 'POST /authoring/courses/:id/archive',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/authoring/courses/${fx.courseId}/archive`,
    },
    {
      route: 'POST /authoring/courses/:id/modules',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/authoring/courses/${fx.courseId}/modules`,
      body: () => ({ title: 'Học phần mới' }),
    },
    {
      route: 'POST /authoring/courses/:id/files',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/authoring/courses/${fx.courseId}/files`,
      upload: true,
    },
    {
      route: 'POST /authoring/modules/:id',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/authoring/modules/${fx.moduleId}`,
      body: () => ({ title: 'Học phần đã sửa' }),
    },
    {
      route: 'POST /authoring/modules/:id/move',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/authoring/modules/${fx.moduleId}/move`,
      body: () => ({ direction: 'down' }),
    },
    {
      route: 'POST /authoring/modules/:id/delete',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/authoring/modules/${fx.moduleId}/delete`,
    },
    {
      route: 'POST /authoring/modules/:id/lessons',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/authoring/modules/${fx.moduleId}/lessons`,
      body: lessonBody,
    },
    {
      route: 'POST /authoring/lessons/:id',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/authoring/lessons/${fx.lessonId}`,
      body: () => ({ kind: 'text', title: 'Bài đã sửa', bodyHtml: '<p>Nội dung đã sửa.</p>', required: 'true' }),
    },
    {
      route: 'POST /authoring/lessons/:id/move',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/authoring/lessons/${fx.lessonId}/move`,
      body: () => ({ direction: 'down' }),
    },
    {
      route: 'POST /authoring/lessons/:id/delete',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/authoring/lessons/${fx.lessonId}/delete`,
    },
    {
      route: 'POST /authoring/lessons/:id/file',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: (fx) => `/authoring/lessons/${fx.lessonId}/file`,
      upload: true,
    },
    // assignment pages
    {
      route: 'POST /assignments (unit A)',
      allow: AUTHORS_OF_A,
      fresh: () => freshCourse(),
      path: () => '/assignments',
      body: (fx) => ({ courseId: fx.courseId, unitCode: w.A.code, roleIds: w.hr, dueDate: dueDate() }),
    },
    {
      route: 'POST /assignments/:id/cancel',
      allow: AUTHORS_OF_A,
      fresh: freshAssignment,
      path: (fx) => `/assignments/${fx.assignmentId}/cancel`,
    },
  ];

  /** The fresh course's state and the shared course of A: neither may change when a foreign id is refused. */
  const bothCourses = async (fx: Fx): Promise<string> =>
    (await courseState(t.db, fx.courseId)) + (await courseState(t.db, w.course.id));
  const FOREIGN_BODY = [400, 403, 404, 409];

  /** Ids of A (or B) inside the body or query of a request about the caller's own objects. */
  const FOREIGN_IDS: RouteSpec[] = [
    {
      route: 'PATCH /api/v1/lessons/:lessonId (a lesson of Q, fileId of A)',
      allow: NOBODY,
      fresh: () => freshCourse({ owner: w.Q }),
      path: (fx) => `/api/v1/lessons/${fx.lessonId}`,
      body: () => ({ kind: 'document', fileId: w.course.fileId }),
      state: bothCourses,
      refusals: FOREIGN_BODY,
    },
    {
      route: 'POST /api/v1/modules/:moduleId/lessons (a module of Q, fileId of A)',
      allow: NOBODY,
      fresh: () => freshCourse({ owner: w.Q }),
      path: (fx) => `/api/v1/modules/${fx.moduleId}/lessons`,
      body: () => ({ kind: 'document', title: 'Tài liệu mượn', fileId: w.course.fileId }),
      state: bothCourses,
      refusals: FOREIGN_BODY,
    },
    {
      route: 'PATCH /api/v1/lessons/:lessonId (a lesson of Q, moduleId of A)',
      allow: NOBODY,
      fresh: () => freshCourse({ owner: w.Q }),
      path: (fx) => `/api/v1/lessons/${fx.lessonId}`,
      body: () => ({ moduleId: w.course.moduleId }),
      state: bothCourses,
      refusals: FOREIGN_BODY,
    },
    {
      route: 'PATCH /api/v1/courses/:courseId (a course of Q, ownerUnitId A)',
      allow: ['admin'],
      fresh: () => freshCourse({ owner: w.Q }),
      path: (fx) => `/api/v1/courses/${fx.courseId}`,
      body: () => ({ ownerUnitId: w.A.id }),
    },
    {
      route: 'PATCH /api/v1/courses/:courseId (a course of A, ownerUnitId Q)',
      allow: ['admin'],
      fresh: () => freshCourse(),
      path: (fx) => `/api/v1/courses/${fx.courseId}`,
      body: () => ({ ownerUnitId: w.Q.id }),
    },
    {
      route: 'POST /api/v1/assignments (the draft of A, unit Q)',
      allow: NOBODY,
      path: () => '/api/v1/assignments',
      body: () => ({ courseId: w.draft.id, unitId: w.Q.id, roleIds: [w.hr], dueDate: dueDate() }),
      state: () => courseState(t.db, w.draft.id),
      refusals: FOREIGN_BODY,
    },
    {
      route: 'GET /api/v1/assignments?courseId=<course of A>',
      allow: ANY_READER,
      path: () => `/api/v1/assignments?courseId=${w.course.id}`,
      coursesPublic: true, // the id is in the caller's own query
      shows: { callers: READERS_OF_A, markers: () => [w.assignmentId] },
    },
    {
      route: 'GET /api/v1/assignments?unitId=<B>',
      allow: ['orgB', 'orgP', 'agencyP', 'admin'],
      path: () => `/api/v1/assignments?unitId=${w.B.id}`,
      neverShows: () => [w.assignmentId], // an assignment to A is not one to B or below, even for P's readers
    },
    {
      route: 'GET /api/v1/assignments/:id/progress?unitId=<B> (an assignment to A)',
      allow: NOBODY,
      path: (fx) => `/api/v1/assignments/${fx.assignmentId}/progress?unitId=${w.B.id}`,
    },
    {
      route: 'GET /api/v1/courses?q=<title of A>',
      allow: ANY_AUTHOR,
      path: () => `/api/v1/courses?q=${encodeURIComponent('Ánh Dương')}`,
      shows: { callers: AUTHORS_OF_A, markers: () => [w.course.id] },
    },
    {
      route: 'GET /api/v1/catalogue?q=<draft title of A>',
      allow: EVERYONE,
      path: () => `/api/v1/catalogue?q=${encodeURIComponent('Bản nháp')}`,
      neverShows: () => [w.draft.id, w.draft.title],
    },
  ];

  // ---- the checks ----

  /** The strings that would show data of commune A: by kind, for the leak checks. */
  function markers(): Record<'people' | 'unit' | 'assignment' | 'course' | 'draft', string[]> {
    return {
      people: [w.learnerA.person.id, w.learnerA.person.fullName, w.learnerA.login, w.enrolmentId],
      unit: [w.A.id, w.A.code, w.A.name],
      assignment: [w.assignmentId],
      course: [w.course.id, w.course.code, w.course.title, w.course.fileId],
      draft: [w.draft.id, w.draft.code, w.draft.title],
    };
  }

  /** What of A an allowed answer to this caller must not contain. */
  function hiddenFrom(caller: Caller, spec: RouteSpec): string[] {
    const m = markers();
    if (OUTSIDERS.includes(caller)) {
      return [...m.people, ...m.unit, ...m.assignment, ...(spec.coursesPublic ? [] : m.course), ...m.draft];
    }
    if (caller === 'learnerA') return m.draft; // a draft is for its authors only
    return [];
  }

  /** Names that no refusal may carry (ids may be echoed from the request; names never are). */
  function names(spec: RouteSpec): string[] {
    return [w.learnerA.person.fullName, w.A.name, w.draft.title, ...(spec.coursesPublic ? [] : [w.course.title])];
  }

  async function call(spec: RouteSpec, caller: Caller, fx: Fx): Promise<Response> {
    const [verb, pattern] = spec.route.split(' ');
    const method = verb.toLowerCase() as Method;
    const path = spec.path(fx);
    const pdf = sampleFiles.pdf();
    if (pattern.startsWith('/api/')) {
      const req = api(caller, method, path);
      if (spec.upload) return await req.attach('file', pdf, 'tai-lieu.pdf');
      return await (spec.body ? req.send(spec.body(fx)) : req);
    }
    const { agent, csrf } = w.web[caller];
    const req = open(agent, method, path);
    if (method === 'get') return await req;
    if (spec.upload) return await req.field('_csrf', csrf).attach('file', pdf, 'tai-lieu.pdf');
    if (spec.json) return await req.set('X-CSRF-Token', csrf).send(spec.body?.(fx) ?? {});
    return await req.type('form').send({ _csrf: csrf, ...spec.body?.(fx) });
  }

  async function check(spec: RouteSpec, caller: Caller): Promise<void> {
    const fx = spec.fresh ? await spec.fresh() : shared();
    const state = spec.state ?? (spec.fresh ? (f: Fx) => courseState(t.db, f.courseId) : undefined);
    const before = state ? await state(fx) : undefined;
    const res = await call(spec, caller, fx);
    const text = bodyText(res);
    const expected = spec.allow.includes(caller) ? 'allowed' : 'refused';
    // On failure the diff shows the status and the start of the answer.
    const got = {
      answer: answerOf(spec.route, res.status, spec.refusals),
      status: res.status,
      excerpt: text.slice(0, 300),
    };
    expect(got).toEqual({ ...got, answer: expected });

    if (expected === 'allowed') {
      if (res.status < 300) {
        const hidden = [...hiddenFrom(caller, spec), ...(spec.neverShows?.() ?? [])];
        expect(hidden.filter((m) => text.includes(m))).toEqual([]);
      }
      if (spec.shows?.callers.includes(caller)) {
        expect(spec.shows.markers().filter((m) => !text.includes(m))).toEqual([]);
      }
      if (state && !spec.idempotent) expect(await state(fx)).not.toBe(before);
    } else {
      expect(names(spec).filter((n) => text.includes(n))).toEqual([]);
      if (state) expect(await state(fx)).toBe(before);
    }
  }

  const rowsOf = (specs: RouteSpec[]) =>
    specs.flatMap((spec) =>
      CALLERS.map((caller) => ({
        route: spec.route,
        caller,
        expected: spec.allow.includes(caller) ? 'allowed' : 'refused (403/404)',
        spec,
      })),
    );

  // ---- the world ----

  beforeAll(async () => {
    t = await createTestApp();
    const P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Phương Nam' });
    const A = await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
    const B = await t.given.unit({ parent: P, name: 'Xã Bình Minh' });
    const Q = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Quảng Xa' });
    const account = (permission: Permission, scopeUnit: { id: string }) => t.given.account({ permission, scopeUnit });
    const learnerA = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Phạm Thị Ánh Tuyết' });
    const accounts: Record<Caller, GivenAccount> = {
      orgA: await account(Permission.Organiser, A),
      orgB: await account(Permission.Organiser, B),
      orgP: await account(Permission.Organiser, P),
      orgQ: await account(Permission.Organiser, Q),
      agencyP: await account(Permission.Agency, P),
      agencyQ: await account(Permission.Agency, Q),
      learnerA,
      learnerB: await t.given.learner({ unit: B, roles: ['HR_OFFICIAL'], fullName: 'Đỗ Văn Bình' }),
      admin: await t.given.account({ permission: Permission.Admin }),
    };
    const tokens = {} as Record<Caller, string>;
    const web = {} as Record<Caller, WebLogin>;
    for (const caller of CALLERS) {
      tokens[caller] = await t.given.tokenFor(accounts[caller]);
      web[caller] = await t.given.webLogin(accounts[caller]);
    }
    w = {
      A,
      B,
      Q,
      hr: await t.given.roleId('HR_OFFICIAL'),
      tokens,
      web,
      learnerA,
    } as World;

    // A's published course, authored by A's organiser: a text lesson and a PDF document; closed to self-enrolment.
    const course = (
      await api('orgA', 'post', '/api/v1/courses')
        .send({
          code: unique('SCOPE-'),
          title: 'Tiếp công dân ở xã Ánh Dương',
          ownerUnitId: A.id,
          openEnrolment: false,
        })
        .expect(201)
    ).body as { id: string; code: string; title: string };
    const moduleId = (
      await api('orgA', 'post', `/api/v1/courses/${course.id}/modules`).send({ title: 'Học phần 1' }).expect(201)
    ).body.id as string;
    const lessonId = (await api('orgA', 'post', `/api/v1/modules/${moduleId}/lessons`).send(lessonBody()).expect(201))
      .body.id as string;
    const fileId = (
      await api('orgA', 'post', `/api/v1/courses/${course.id}/files`)
        .attach('file', sampleFiles.pdf(), 'tai-lieu.pdf')
        .expect(201)
    ).body.id as string;
    await api('orgA', 'post', `/api/v1/modules/${moduleId}/lessons`)
      .send({ kind: 'document', title: 'Tài liệu đọc', fileId })
      .expect(201);
    await api('orgA', 'post', `/api/v1/courses/${course.id}/publish`).expect(200);
    w.course = { id: course.id, code: course.code, title: course.title, moduleId, lessonId, fileId };

    // A's draft: its authors alone know it exists.
    const draft = (
      await api('orgA', 'post', '/api/v1/courses')
        .send({ code: unique('DRAFT-'), title: 'Bản nháp chưa công bố của xã', ownerUnitId: A.id })
        .expect(201)
    ).body as { id: string; code: string; title: string };
    w.draft = { id: draft.id, code: draft.code, title: draft.title };

    // Assigned to A by A's organiser: A's learner is enrolled by the job.
    w.assignmentId = (
      await api('orgA', 'post', '/api/v1/assignments')
        .send({ courseId: course.id, unitId: A.id, roleIds: [w.hr], dueDate: dueDate() })
        .expect(201)
    ).body.id as string;
    await waitJobs();
    w.enrolmentId = await enrolmentOf(t.db, learnerA.person.id, course.id);
  });
  afterAll(() => t.close());

  describe('reads', () => {
    it.each(rowsOf(READS))('$route as $caller: $expected', async ({ spec, caller }) => {
      await check(spec, caller);
    });
  });

  describe('ids of another subtree in the body or query', () => {
    it.each(rowsOf(FOREIGN_IDS))('$route as $caller: $expected', async ({ spec, caller }) => {
      await check(spec, caller);
    });
  });

  // After the reads: writes make fresh objects of A (more courses, enrolments of A's learner).
  describe('writes (each row on fresh objects of commune A)', () => {
    it.each(rowsOf(WRITES))('$route as $caller: $expected', async ({ spec, caller }) => {
      await check(spec, caller);
    });
  });
});
