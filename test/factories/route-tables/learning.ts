import type { DataSource } from 'typeorm';
import { InProcessJobExecutor } from '@app/jobs';
import { sampleFiles } from '../authoring';
import { createPublishedCourse } from '../courses';
import { unique } from '../given';
import { addUploadedVideoLesson } from '../learner';
import {
  Caller,
  CALLERS,
  courseState,
  coursesOwnedBy,
  enrolmentOf,
  Method,
  open,
  OUTSIDERS,
  RouteTable,
  TableRow,
} from '../scope-matrix';
import type { TestApp } from '../../setup/test-app';
import type { MatrixWorld } from './world';

/*
 * The learning route table (authoring, learner, assignments, outbox; API and pages): DESIGN.md, "ids from another
 * subtree answer 403/404 with no data. A test matrix covers every route × permission × {own subtree, sibling,
 * ancestor, other province}: no unexpected 2xx."
 *
 * The world adds to the shared one (world.ts): commune A owns a published course (closed to self-enrolment, with a
 * text lesson and an uploaded PDF), a draft course, an assignment of the published course to A, and A's learner
 * enrolled by it. Every route is called by every caller. Allowed answers to callers outside A's subtree contain none
 * of A's data; refusals contain no names; a refused write leaves the course unchanged and an allowed one changes it.
 * Writes run on fresh objects made for the row (a new course of A, an assignment, an enrolment), so every row
 * stands alone.
 */

const AUTHORS_OF_A: readonly Caller[] = ['orgA', 'orgP', 'admin'];
const ANY_AUTHOR: readonly Caller[] = ['orgA', 'orgB', 'orgP', 'orgQ', 'admin'];
const READERS_OF_A: readonly Caller[] = ['orgA', 'orgP', 'agencyP', 'admin'];
const ANY_READER: readonly Caller[] = [...ANY_AUTHOR, 'agencyP', 'agencyQ'];
const ON_ROSTER: readonly Caller[] = ['learnerA', 'learnerB'];
const LEARNER_A: readonly Caller[] = ['learnerA'];
const EVERYONE: readonly Caller[] = CALLERS;
const NOBODY: readonly Caller[] = [];

/** The objects a row works on: the shared ones for reads, fresh ones for writes. */
export interface Fx {
  courseId: string;
  moduleId: string;
  lessonId: string;
  videoLessonId?: string;
  enrolmentId?: string;
  assignmentId?: string;
}

export interface LearningWorld extends MatrixWorld {
  db: DataSource;
  course: { id: string; code: string; title: string; moduleId: string; lessonId: string; fileId: string };
  draft: { id: string; code: string; title: string };
  assignmentId: string;
  enrolmentId: string;
  /** What the row's call works on: the shared objects, or those `fresh` made for it. */
  fx: Fx;
  /** A due date 30 days ahead. */
  dueDate: () => string;
  /** Fresh objects for one write (each returns the world with them as `fx`). */
  make: {
    /** A published course of A (or `owner`; two modules of two text lessons); `draft`: with a pending edit. */
    course(o?: { open?: boolean; draft?: boolean; owner?: { id: string } }): Promise<LearningWorld>;
    /** A fresh course of A assigned to A (by an administrator), its enrol job done. */
    assignment(): Promise<LearningWorld>;
    /** A's learner self-enrolled in a fresh open course of A that also has an uploaded video lesson. */
    enrolment(): Promise<LearningWorld>;
  };
}

interface LearningRow extends TableRow<LearningWorld> {
  /** An allowed call need not change `state` (idempotent); any other allowed write must. */
  idempotent?: boolean;
}

const lessonBody = () => ({ kind: 'text', title: 'Bài mới', bodyHtml: '<p>Nội dung mới.</p>' });
/** The assignment form offers every published course to every organiser (AssignmentsService.assertAssignable). */
const courseOfA = (w: LearningWorld): string[] => [w.course.id, w.course.code, w.course.title, w.course.fileId];
/** The fresh course's state and the shared course of A: neither may change when a foreign id is refused. */
const bothCourses = async (w: LearningWorld): Promise<string> =>
  (await courseState(w.db, w.fx.courseId)) + (await courseState(w.db, w.course.id));
const FOREIGN_BODY = [400, 403, 404, 409];

const READS: LearningRow[] = [
  // authoring (API)
  {
    route: 'GET /api/v1/courses',
    allow: ANY_AUTHOR,
    path: () => '/api/v1/courses?limit=100',
    shows: { callers: AUTHORS_OF_A, markers: (w) => [w.course.id, w.draft.id] },
  },
  { route: 'GET /api/v1/courses/:courseId', allow: AUTHORS_OF_A, path: (w) => `/api/v1/courses/${w.fx.courseId}` },
  {
    route: 'GET /api/v1/courses/:courseId (draft)',
    allow: AUTHORS_OF_A,
    path: (w) => `/api/v1/courses/${w.draft.id}`,
  },
  {
    route: 'GET /api/v1/courses/:courseId/versions',
    allow: AUTHORS_OF_A,
    path: (w) => `/api/v1/courses/${w.fx.courseId}/versions`,
  },
  { route: 'GET /api/v1/lessons/:lessonId', allow: AUTHORS_OF_A, path: (w) => `/api/v1/lessons/${w.fx.lessonId}` },
  {
    route: 'GET /api/v1/files/:fileId',
    allow: [...AUTHORS_OF_A, 'learnerA'],
    path: (w) => `/api/v1/files/${w.course.fileId}`,
  },
  // learner (API)
  {
    route: 'GET /api/v1/catalogue',
    allow: EVERYONE,
    path: () => '/api/v1/catalogue?limit=100',
    neverShows: (w) => [w.draft.id, w.draft.title],
    shows: { callers: LEARNER_A, markers: (w) => [w.course.id] },
  },
  { route: 'GET /api/v1/catalogue/:courseId', allow: LEARNER_A, path: (w) => `/api/v1/catalogue/${w.fx.courseId}` },
  {
    route: 'GET /api/v1/catalogue/:courseId (draft)',
    allow: NOBODY,
    path: (w) => `/api/v1/catalogue/${w.draft.id}`,
  },
  {
    route: 'GET /api/v1/me/enrolments',
    allow: ON_ROSTER,
    path: () => '/api/v1/me/enrolments',
    shows: { callers: LEARNER_A, markers: (w) => [w.course.id] },
  },
  {
    // one's own account; an account not linked to the roster sees it with person and learning null
    route: 'GET /api/v1/me/profile',
    allow: EVERYONE,
    path: () => '/api/v1/me/profile',
    shows: { callers: LEARNER_A, markers: (w) => [w.learnerA.person.fullName] },
  },
  {
    route: 'GET /api/v1/enrolments/:enrolmentId',
    allow: LEARNER_A,
    path: (w) => `/api/v1/enrolments/${w.fx.enrolmentId}`,
  },
  {
    route: 'GET /api/v1/enrolments/:enrolmentId/lessons/:lessonId',
    allow: LEARNER_A,
    path: (w) => `/api/v1/enrolments/${w.fx.enrolmentId}/lessons/${w.fx.lessonId}`,
  },
  // assignments (API)
  {
    route: 'GET /api/v1/assignments',
    allow: ANY_READER,
    path: () => '/api/v1/assignments?limit=100',
    shows: { callers: READERS_OF_A, markers: (w) => [w.assignmentId] },
  },
  {
    route: 'GET /api/v1/assignments?unitId=<A>',
    allow: READERS_OF_A,
    path: (w) => `/api/v1/assignments?unitId=${w.A.id}`,
    shows: { callers: READERS_OF_A, markers: (w) => [w.assignmentId] },
  },
  {
    route: 'GET /api/v1/assignments/:id',
    allow: READERS_OF_A,
    path: (w) => `/api/v1/assignments/${w.fx.assignmentId}`,
  },
  {
    route: 'GET /api/v1/assignments/:id/progress',
    allow: READERS_OF_A,
    path: (w) => `/api/v1/assignments/${w.fx.assignmentId}/progress`,
  },
  // outbox (API)
  { route: 'GET /api/v1/outbox', allow: ['admin'], path: () => '/api/v1/outbox' },
  // learner pages
  {
    route: 'GET /courses',
    allow: EVERYONE,
    path: () => '/courses',
    neverShows: (w) => [w.draft.id, w.draft.title],
    shows: { callers: LEARNER_A, markers: (w) => [w.course.title] },
  },
  { route: 'GET /courses/:courseId', allow: LEARNER_A, path: (w) => `/courses/${w.fx.courseId}` },
  { route: 'GET /courses/:courseId (draft)', allow: NOBODY, path: (w) => `/courses/${w.draft.id}` },
  // a redirect back to the course page after logging in (public, carries no data)
  { route: 'GET /courses/:courseId/enrolment', allow: EVERYONE, path: (w) => `/courses/${w.fx.courseId}/enrolment` },
  {
    route: 'GET /courses/:courseId/lessons/:lessonId',
    allow: LEARNER_A,
    path: (w) => `/courses/${w.fx.courseId}/lessons/${w.fx.lessonId}`,
  },
  {
    route: 'GET /my',
    allow: ON_ROSTER,
    path: () => '/my',
    shows: { callers: LEARNER_A, markers: (w) => [w.course.title] },
  },
  {
    route: 'GET /profile',
    allow: EVERYONE,
    path: () => '/profile',
    shows: { callers: LEARNER_A, markers: (w) => [w.learnerA.person.fullName] },
  },
  { route: 'GET /files/:fileId', allow: [...AUTHORS_OF_A, 'learnerA'], path: (w) => `/files/${w.course.fileId}` },
  // authoring pages
  {
    route: 'GET /authoring/courses',
    allow: ANY_AUTHOR,
    path: () => '/authoring/courses',
    shows: { callers: AUTHORS_OF_A, markers: (w) => [w.course.title, w.draft.title] },
  },
  { route: 'GET /authoring/courses/:id', allow: AUTHORS_OF_A, path: (w) => `/authoring/courses/${w.fx.courseId}` },
  { route: 'GET /authoring/lessons/:id', allow: AUTHORS_OF_A, path: (w) => `/authoring/lessons/${w.fx.lessonId}` },
  // assignment pages
  {
    route: 'GET /assignments',
    allow: ANY_READER,
    path: () => '/assignments',
    shows: { callers: READERS_OF_A, markers: (w) => [w.assignmentId] },
  },
  { route: 'GET /assignments/:id', allow: READERS_OF_A, path: (w) => `/assignments/${w.fx.assignmentId}` },
  {
    route: 'GET /assignments/:id?unitId=<A>',
    allow: READERS_OF_A,
    path: (w) => `/assignments/${w.fx.assignmentId}?unitId=${w.A.id}`,
  },
  {
    route: 'GET /assignments/:id/cancel',
    allow: AUTHORS_OF_A,
    path: (w) => `/assignments/${w.fx.assignmentId}/cancel`,
  },
  // outbox page
  { route: 'GET /admin/outbox', allow: ['admin'], path: () => '/admin/outbox' },
];

const WRITES: LearningRow[] = [
  // authoring (API)
  {
    route: 'POST /api/v1/courses (owner A)',
    allow: AUTHORS_OF_A,
    path: () => '/api/v1/courses',
    body: (w) => ({ code: unique('NEW-'), title: 'Khoá mới của xã', ownerUnitId: w.A.id }),
    state: (w) => coursesOwnedBy(w.db, w.A.id),
  },
  {
    route: 'PATCH /api/v1/courses/:courseId',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/api/v1/courses/${w.fx.courseId}`,
    body: () => ({ title: 'Tên đã sửa' }),
  },
  {
    route: 'POST /api/v1/courses/:courseId/publish',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course({ draft: true }),
    path: (w) => `/api/v1/courses/${w.fx.courseId}/publish`,
  },
  {
    route: 'POST /api/v1/courses/:courseId/archive',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/api/v1/courses/${w.fx.courseId}/archive`,
  },
  {
    route: 'POST /api/v1/courses/:courseId/modules',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/api/v1/courses/${w.fx.courseId}/modules`,
    body: () => ({ title: 'Học phần mới' }),
  },
  {
    route: 'PATCH /api/v1/modules/:moduleId',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/api/v1/modules/${w.fx.moduleId}`,
    body: () => ({ title: 'Học phần đã sửa' }),
  },
  {
    route: 'DELETE /api/v1/modules/:moduleId',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/api/v1/modules/${w.fx.moduleId}`,
  },
  {
    route: 'POST /api/v1/modules/:moduleId/lessons',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/api/v1/modules/${w.fx.moduleId}/lessons`,
    body: lessonBody,
  },
  {
    route: 'PATCH /api/v1/lessons/:lessonId',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/api/v1/lessons/${w.fx.lessonId}`,
    body: () => ({ title: 'Bài đã sửa' }),
  },
  {
    route: 'DELETE /api/v1/lessons/:lessonId',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/api/v1/lessons/${w.fx.lessonId}`,
  },
  {
    route: 'POST /api/v1/courses/:courseId/files',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/api/v1/courses/${w.fx.courseId}/files`,
    upload: true,
  },
  // learner (API)
  {
    route: 'POST /api/v1/courses/:courseId/enrolment (closed course)',
    allow: LEARNER_A, // already enrolled by the assignment: the same enrolment
    path: (w) => `/api/v1/courses/${w.fx.courseId}/enrolment`,
    state: (w) => courseState(w.db, w.fx.courseId),
    idempotent: true,
  },
  {
    route: 'POST /api/v1/courses/:courseId/enrolment (open course)',
    allow: ON_ROSTER, // self-enrolment is open to anyone on the roster; organisers have no person (403)
    fresh: (w) => w.make.course({ open: true }),
    path: (w) => `/api/v1/courses/${w.fx.courseId}/enrolment`,
  },
  {
    route: 'POST /api/v1/enrolments/:enrolmentId/lessons/:lessonId/completion',
    allow: LEARNER_A,
    fresh: (w) => w.make.enrolment(),
    path: (w) => `/api/v1/enrolments/${w.fx.enrolmentId}/lessons/${w.fx.lessonId}/completion`,
  },
  {
    route: 'POST /api/v1/enrolments/:enrolmentId/lessons/:lessonId/video-progress',
    allow: LEARNER_A,
    fresh: (w) => w.make.enrolment(),
    path: (w) => `/api/v1/enrolments/${w.fx.enrolmentId}/lessons/${w.fx.videoLessonId}/video-progress`,
    body: () => ({ positionSeconds: 30, durationSeconds: 100 }),
  },
  // assignments (API)
  {
    route: 'POST /api/v1/assignments (unit A)',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: () => '/api/v1/assignments',
    body: (w) => ({ courseId: w.fx.courseId, unitId: w.A.id, roleIds: [w.hr], dueDate: w.dueDate() }),
  },
  {
    route: 'POST /api/v1/assignments/:id/cancel',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.assignment(),
    path: (w) => `/api/v1/assignments/${w.fx.assignmentId}/cancel`,
  },
  // learner pages
  {
    route: 'POST /courses/:courseId/enrolment (closed course)',
    allow: LEARNER_A,
    path: (w) => `/courses/${w.fx.courseId}/enrolment`,
    state: (w) => courseState(w.db, w.fx.courseId),
    idempotent: true,
  },
  {
    route: 'POST /courses/:courseId/enrolment (open course)',
    allow: ON_ROSTER,
    fresh: (w) => w.make.course({ open: true }),
    path: (w) => `/courses/${w.fx.courseId}/enrolment`,
  },
  {
    route: 'POST /courses/:courseId/lessons/:lessonId/completion',
    allow: LEARNER_A,
    fresh: (w) => w.make.enrolment(),
    path: (w) => `/courses/${w.fx.courseId}/lessons/${w.fx.lessonId}/completion`,
  },
  {
    route: 'POST /courses/:courseId/lessons/:lessonId/video-progress',
    allow: LEARNER_A,
    fresh: (w) => w.make.enrolment(),
    path: (w) => `/courses/${w.fx.courseId}/lessons/${w.fx.videoLessonId}/video-progress`,
    body: () => ({ positionSeconds: 30, durationSeconds: 100 }),
    json: true,
  },
  // authoring pages
  {
    route: 'POST /authoring/courses (owner A)',
    allow: AUTHORS_OF_A,
    path: () => '/authoring/courses',
    body: (w) => ({ code: unique('NEW-'), title: 'Khoá mới của xã', language: 'vi', ownerUnitId: w.A.id }),
    state: (w) => coursesOwnedBy(w.db, w.A.id),
  },
  {
    route: 'POST /authoring/courses/:id',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/authoring/courses/${w.fx.courseId}`,
    body: () => ({ title: 'Tên đã sửa', summary: 'Tóm tắt', language: 'vi' }),
  },
  {
    route: 'POST /authoring/courses/:id/publish',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course({ draft: true }),
    path: (w) => `/authoring/courses/${w.fx.courseId}/publish`,
  },
  {
    route: 'POST /authoring/courses/:id/archive',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/authoring/courses/${w.fx.courseId}/archive`,
  },
  {
    route: 'POST /authoring/courses/:id/modules',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/authoring/courses/${w.fx.courseId}/modules`,
    body: () => ({ title: 'Học phần mới' }),
  },
  {
    route: 'POST /authoring/courses/:id/files',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/authoring/courses/${w.fx.courseId}/files`,
    upload: true,
  },
  {
    route: 'POST /authoring/modules/:id',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/authoring/modules/${w.fx.moduleId}`,
    body: () => ({ title: 'Học phần đã sửa' }),
  },
  {
    route: 'POST /authoring/modules/:id/move',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/authoring/modules/${w.fx.moduleId}/move`,
    body: () => ({ direction: 'down' }),
  },
  {
    route: 'POST /authoring/modules/:id/delete',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/authoring/modules/${w.fx.moduleId}/delete`,
  },
  {
    route: 'POST /authoring/modules/:id/lessons',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/authoring/modules/${w.fx.moduleId}/lessons`,
    body: lessonBody,
  },
  {
    route: 'POST /authoring/lessons/:id',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/authoring/lessons/${w.fx.lessonId}`,
    body: () => ({ kind: 'text', title: 'Bài đã sửa', bodyHtml: '<p>Nội dung đã sửa.</p>', required: 'true' }),
  },
  {
    route: 'POST /authoring/lessons/:id/move',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/authoring/lessons/${w.fx.lessonId}/move`,
    body: () => ({ direction: 'down' }),
  },
  {
    route: 'POST /authoring/lessons/:id/delete',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/authoring/lessons/${w.fx.lessonId}/delete`,
  },
  {
    route: 'POST /authoring/lessons/:id/file',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: (w) => `/authoring/lessons/${w.fx.lessonId}/file`,
    upload: true,
  },
  // assignment pages
  {
    route: 'POST /assignments (unit A)',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.course(),
    path: () => '/assignments',
    body: (w) => ({ courseId: w.fx.courseId, unitCode: w.A.code, roleIds: w.hr, dueDate: w.dueDate() }),
  },
  {
    route: 'POST /assignments/:id/cancel',
    allow: AUTHORS_OF_A,
    fresh: (w) => w.make.assignment(),
    path: (w) => `/assignments/${w.fx.assignmentId}/cancel`,
  },
];

const FOREIGN_IDS: LearningRow[] = [
  {
    route: 'PATCH /api/v1/lessons/:lessonId (a lesson of Q, fileId of A)',
    allow: NOBODY,
    fresh: (w) => w.make.course({ owner: w.Q }),
    path: (w) => `/api/v1/lessons/${w.fx.lessonId}`,
    body: (w) => ({ kind: 'document', fileId: w.course.fileId }),
    state: bothCourses,
    refusals: FOREIGN_BODY,
  },
  {
    route: 'POST /api/v1/modules/:moduleId/lessons (a module of Q, fileId of A)',
    allow: NOBODY,
    fresh: (w) => w.make.course({ owner: w.Q }),
    path: (w) => `/api/v1/modules/${w.fx.moduleId}/lessons`,
    body: (w) => ({ kind: 'document', title: 'Tài liệu mượn', fileId: w.course.fileId }),
    state: bothCourses,
    refusals: FOREIGN_BODY,
  },
  {
    route: 'PATCH /api/v1/lessons/:lessonId (a lesson of Q, moduleId of A)',
    allow: NOBODY,
    fresh: (w) => w.make.course({ owner: w.Q }),
    path: (w) => `/api/v1/lessons/${w.fx.lessonId}`,
    body: (w) => ({ moduleId: w.course.moduleId }),
    state: bothCourses,
    refusals: FOREIGN_BODY,
  },
  {
    route: 'PATCH /api/v1/courses/:courseId (a course of Q, ownerUnitId A)',
    allow: ['admin'],
    fresh: (w) => w.make.course({ owner: w.Q }),
    path: (w) => `/api/v1/courses/${w.fx.courseId}`,
    body: (w) => ({ ownerUnitId: w.A.id }),
  },
  {
    route: 'PATCH /api/v1/courses/:courseId (a course of A, ownerUnitId Q)',
    allow: ['admin'],
    fresh: (w) => w.make.course(),
    path: (w) => `/api/v1/courses/${w.fx.courseId}`,
    body: (w) => ({ ownerUnitId: w.Q.id }),
  },
  {
    route: 'POST /api/v1/assignments (the draft of A, unit Q)',
    allow: NOBODY,
    path: () => '/api/v1/assignments',
    body: (w) => ({ courseId: w.draft.id, unitId: w.Q.id, roleIds: [w.hr], dueDate: w.dueDate() }),
    state: (w) => courseState(w.db, w.draft.id),
    refusals: FOREIGN_BODY,
  },
  {
    route: 'GET /api/v1/assignments?courseId=<course of A>',
    allow: ANY_READER,
    path: (w) => `/api/v1/assignments?courseId=${w.course.id}`,
    notSecret: courseOfA, // the id is in the caller's own query
    shows: { callers: READERS_OF_A, markers: (w) => [w.assignmentId] },
  },
  {
    route: 'GET /api/v1/assignments?unitId=<B>',
    allow: ['orgB', 'orgP', 'agencyP', 'admin'],
    path: (w) => `/api/v1/assignments?unitId=${w.B.id}`,
    neverShows: (w) => [w.assignmentId], // an assignment to A is not one to B or below, even for P's readers
  },
  {
    route: 'GET /api/v1/assignments/:id/progress?unitId=<B> (an assignment to A)',
    allow: NOBODY,
    path: (w) => `/api/v1/assignments/${w.fx.assignmentId}/progress?unitId=${w.B.id}`,
  },
  {
    route: 'GET /api/v1/courses?q=<title of A>',
    allow: ANY_AUTHOR,
    path: () => `/api/v1/courses?q=${encodeURIComponent('Ánh Dương')}`,
    shows: { callers: AUTHORS_OF_A, markers: (w) => [w.course.id] },
  },
  {
    route: 'GET /api/v1/catalogue?q=<draft title of A>',
    allow: EVERYONE,
    path: () => `/api/v1/catalogue?q=${encodeURIComponent('Bản nháp')}`,
    neverShows: (w) => [w.draft.id, w.draft.title],
  },
];

/** A row's defaults: fresh objects are checked on their course; an allowed write must change what it checks. */
const withDefaults = ({ idempotent, ...row }: LearningRow): TableRow<LearningWorld> => {
  const state = row.state ?? (row.fresh ? (w: LearningWorld) => courseState(w.db, w.fx.courseId) : undefined);
  return { ...row, state, changes: !!state && !idempotent };
};

/** learning: reads, ids of another subtree in the body or query, then writes (on fresh objects of commune A). */
export const LEARNING_ROUTES: RouteTable<LearningWorld> = {
  context: 'learning',
  rows: [...READS, ...FOREIGN_IDS, ...WRITES].map(withDefaults),
};

/** What of A an allowed answer must not carry (by caller), and the names no refusal may carry. */
export function learningLeaks(w: LearningWorld): { hidden: (caller: Caller) => string[]; names: string[] } {
  const people = [w.learnerA.person.id, w.learnerA.person.fullName, w.learnerA.login, w.enrolmentId];
  const unit = [w.A.id, w.A.code, w.A.name];
  const draft = [w.draft.id, w.draft.code, w.draft.title];
  return {
    hidden: (caller) => {
      if (OUTSIDERS.includes(caller)) return [...people, ...unit, w.assignmentId, ...courseOfA(w), ...draft];
      return caller === 'learnerA' ? draft : []; // a draft is for its authors only
    },
    names: [w.learnerA.person.fullName, w.A.name, w.draft.title, w.course.title],
  };
}

/** The learning world on top of the shared one: A's published course, draft, assignment and enrolment. */
export async function buildLearningWorld(t: TestApp, base: MatrixWorld): Promise<LearningWorld> {
  const waitJobs = () => t.app.get(InProcessJobExecutor).onIdle();
  const api = (caller: Caller, method: Method, path: string) =>
    open(t.http, method, path).auth(base.tokens[caller], { type: 'bearer' });
  const dueDate = (): string => new Date(t.clock.now().getTime() + 30 * 24 * 3600_000).toISOString().slice(0, 10);
  const { A } = base;

  // A's published course, authored by A's organiser: a text lesson and a PDF document; closed to self-enrolment.
  const course = (
    await api('orgA', 'post', '/api/v1/courses')
      .send({ code: unique('SCOPE-'), title: 'Tiếp công dân ở xã Ánh Dương', ownerUnitId: A.id, openEnrolment: false })
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

  // A's draft: its authors alone know it exists.
  const draft = (
    await api('orgA', 'post', '/api/v1/courses')
      .send({ code: unique('DRAFT-'), title: 'Bản nháp chưa công bố của xã', ownerUnitId: A.id })
      .expect(201)
  ).body as { id: string; code: string; title: string };

  // Assigned to A by A's organiser: A's learner is enrolled by the job.
  const assignmentId = (
    await api('orgA', 'post', '/api/v1/assignments')
      .send({ courseId: course.id, unitId: A.id, roleIds: [base.hr], dueDate: dueDate() })
      .expect(201)
  ).body.id as string;
  await waitJobs();
  const enrolmentId = await enrolmentOf(t.db, base.learnerA.person.id, course.id);

  const w: LearningWorld = {
    ...base,
    db: t.db,
    course: { id: course.id, code: course.code, title: course.title, moduleId, lessonId, fileId },
    draft: { id: draft.id, code: draft.code, title: draft.title },
    assignmentId,
    enrolmentId,
    fx: { courseId: course.id, moduleId, lessonId, enrolmentId, assignmentId },
    dueDate,
    make: {
      async course(o = {}) {
        const c = await createPublishedCourse(t.db, { ownerUnit: o.owner ?? A, openEnrolment: o.open ?? false });
        if (o.draft) {
          await api('admin', 'patch', `/api/v1/courses/${c.id}`)
            .send({ title: `Sửa ${c.code}` })
            .expect(200);
        }
        return { ...w, fx: { courseId: c.id, moduleId: c.moduleIds[0], lessonId: c.lessonIds[0] } };
      },
      async assignment() {
        const fresh = await w.make.course();
        const res = await api('admin', 'post', '/api/v1/assignments')
          .send({ courseId: fresh.fx.courseId, unitId: A.id, roleIds: [base.hr], dueDate: dueDate() })
          .expect(201);
        await waitJobs();
        return { ...fresh, fx: { ...fresh.fx, assignmentId: (res.body as { id: string }).id } };
      },
      async enrolment() {
        const c = await createPublishedCourse(t.db, { ownerUnit: A, openEnrolment: true });
        const video = await addUploadedVideoLesson(t.db, c);
        const res = await api('learnerA', 'post', `/api/v1/courses/${c.id}/enrolment`).expect(201);
        const fx = { courseId: c.id, moduleId: c.moduleIds[0], lessonId: c.lessonIds[0] };
        return { ...w, fx: { ...fx, videoLessonId: video.lessonId, enrolmentId: (res.body as { id: string }).id } };
      },
    },
  };
  return w;
}
