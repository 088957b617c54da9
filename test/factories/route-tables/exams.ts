import { InProcessJobExecutor } from '@app/jobs';
import type { TestApp } from '../../setup/test-app';
import { createPublishedCourse } from '../courses';
import { Caller, CALLERS, RouteTable } from '../scope-matrix';
import { buildMatrixWorld, MatrixWorld } from './world';

/** The course of commune A is authored by organisers of A and of its province, and administrators. */
const AUTHORS_OF_A: readonly Caller[] = ['orgA', 'orgP', 'admin'];
/** Policy.CourseAuthor without a subtree (the import templates). */
const ANY_AUTHOR: readonly Caller[] = ['orgA', 'orgB', 'orgP', 'orgQ', 'admin'];
/** People on the roster enrolled in A's course (open to self-enrolment): both learners. */
const ENROLLED: readonly Caller[] = ['learnerA', 'learnerB'];
const LEARNER_A: readonly Caller[] = ['learnerA'];
/** Accounts linked to a person on the roster. */
const ON_ROSTER: readonly Caller[] = ['learnerA', 'learnerB'];
/** A contest of A's course: the people of A and the course's authors. */
const CONTEST_OF_A: readonly Caller[] = ['learnerA', ...AUTHORS_OF_A];
/** Policy.JobsRead: administrators. */
const ADMINS: readonly Caller[] = ['admin'];

/**
 * The world of the exams route table: the org matrix world (province P, communes A and B, province Q, a caller of
 * each kind) and a published course of A, open to self-enrolment, with a final exam; three questions in its bank;
 * a practice exam reviewed with answers. learnerA has an attempt in progress at the final exam and a graded one at
 * the practice exam; learnerB (commune B, enrolled too) has a graded one at the practice exam. A committed question
 * import of the course (and its job).
 */
export interface ExamsWorld extends MatrixWorld {
  courseId: string;
  questionId: string;
  questionName: string;
  finalExamId: string;
  practiceExamId: string;
  examTitle: string;
  /** learnerA's attempt in progress (final exam) and one of its question versions. */
  activeAttemptId: string;
  questionVersionId: string;
  /** learnerA's graded attempt at the practice exam. */
  gradedAttemptId: string;
  importId: string;
  jobId: string;
  /** A contest of A's course (for the people of A) that learnerA took. */
  contestId: string;
  contestTitle: string;
  /** The jobs run so far (a refused request for statistics queues none). */
  jobs: () => Promise<string>;
}

/** Everything of the exams context a refused write could change, as one comparable string. */
export async function examsState(t: TestApp): Promise<string> {
  const tables = [
    'question',
    'question_version',
    'exam',
    'exam_question',
    'exam_attempt',
    'exam_attempt_question',
    'exam_answer',
    'question_import_batch',
  ];
  const sums = await Promise.all(
    tables.map((table) =>
      t.db.query<Array<{ h: string | null }>>(
        `SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${table} x`,
      ),
    ),
  );
  return tables.map((table, i) => `${table}:${sums[i][0].h}`).join(' ');
}

export async function buildExamsWorld(t: TestApp): Promise<ExamsWorld> {
  const base = await buildMatrixWorld(t, () => examsState(t));
  const course = await createPublishedCourse(t.db, { ownerUnit: base.A, finalExam: true, openEnrolment: true });
  const questionName = 'Câu hỏi ma trận Ánh Dương';
  const question = await t.given.question({ course, name: questionName });
  const ids = [question.id];
  for (const n of [2, 3]) ids.push((await t.given.question({ course, name: `Câu ma trận ${n}` })).id);
  const examTitle = 'Bài kiểm tra cuối khoá ma trận';
  const finalExam = await t.given.exam({ course, kind: 'final', title: examTitle, questionIds: ids });
  const practice = await t.given.exam({ course, questionIds: ids, reviewPolicy: 'with_answers' });

  const api = (caller: Caller) => ({
    post: (path: string, body: object = {}) =>
      t.http.post(`/api/v1${path}`).auth(base.tokens[caller], { type: 'bearer' }).send(body),
  });
  for (const learner of ENROLLED) await api(learner).post(`/courses/${course.id}/enrolment`).expect(201);
  const active = (await api('learnerA').post(`/exams/${finalExam.id}/attempts`).expect(201)).body;
  const graded = (await api('learnerA').post(`/exams/${practice.id}/attempts`).expect(201)).body;
  await api('learnerA').post(`/attempts/${graded.id}/submit`).expect(200);
  const ofB = (await api('learnerB').post(`/exams/${practice.id}/attempts`).expect(201)).body;
  await api('learnerB').post(`/attempts/${ofB.id}/submit`).expect(200);

  // One question imported and one essay reported (the errors file has a row).
  const contestTitle = 'Cuộc thi tìm hiểu ma trận Ánh Dương';
  const contest = await t.given.exam({
    course,
    kind: 'contest',
    title: contestTitle,
    questionIds: ids,
    leaderboardNames: 'full',
  });
  const entry = (await api('learnerA').post(`/exams/${contest.id}/attempts`).expect(201)).body;
  await api('learnerA').post(`/attempts/${entry.id}/submit`).expect(200);

  const gift = `::Câu nhập ma trận:: Ngày Quyền con người? {=10 tháng 12 ~2 tháng 9}\n\n::Tự luận ma trận:: Trình bày ý kiến. {}\n`;
  const upload = await t.http
    .post(`/api/v1/courses/${course.id}/question-imports`)
    .query({ mode: 'commit' })
    .auth(base.tokens.admin, { type: 'bearer' })
    .attach('file', Buffer.from(gift), 'ma-tran.gift')
    .expect(202);
  // Question statistics of the practice exam, computed (the statistics page shows the bank's questions).
  await t.http.post(`/api/v1/exams/${practice.id}/statistics`).auth(base.tokens.admin, { type: 'bearer' }).expect(202);
  await t.app.get(InProcessJobExecutor).onIdle();
  const [batch] = await t.db.query<Array<{ jobId: string }>>(
    `SELECT job_id AS "jobId" FROM question_import_batch WHERE id = $1`,
    [upload.body.id],
  );
  return {
    ...base,
    courseId: course.id,
    questionId: question.id,
    questionName,
    finalExamId: finalExam.id,
    practiceExamId: practice.id,
    examTitle,
    activeAttemptId: active.id,
    questionVersionId: active.questions[0].questionVersionId,
    gradedAttemptId: graded.id,
    importId: upload.body.id,
    jobId: batch.jobId,
    contestId: contest.id,
    contestTitle,
    jobs: async () => JSON.stringify(await t.db.query(`SELECT id, business_key FROM job_run ORDER BY id`)),
  };
}

const state = (w: ExamsWorld) => w.state();

/**
 * exams (bank, exams, question files, attempts, learner and organiser pages) and jobs. Reads are called by every
 * caller kind; writes by the callers they refuse (the allowed writes are the exams e2e specs), except the
 * idempotent ones (saving the same answer, submitting a graded attempt, resuming the attempt in progress).
 */
export const EXAMS_ROUTES: RouteTable<ExamsWorld> = {
  context: 'exams',
  rows: [
    // the bank (API)
    {
      route: 'GET /api/v1/courses/:courseId/questions',
      allow: AUTHORS_OF_A,
      path: (w) => `/api/v1/courses/${w.courseId}/questions`,
      shows: { callers: AUTHORS_OF_A, markers: (w) => [w.questionName] },
    },
    {
      route: 'POST /api/v1/courses/:courseId/questions',
      allow: AUTHORS_OF_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/courses/${w.courseId}/questions`,
      body: () => ({
        name: 'Câu mới',
        type: 'true_false',
        stem: 'Đúng hay sai?',
        options: [
          { key: 'true', text: 'Đúng', fraction: 1 },
          { key: 'false', text: 'Sai', fraction: 0 },
        ],
        topics: ['iccpr'],
      }),
      state,
    },
    {
      route: 'GET /api/v1/questions/:questionId',
      allow: AUTHORS_OF_A,
      path: (w) => `/api/v1/questions/${w.questionId}`,
      shows: { callers: AUTHORS_OF_A, markers: (w) => [w.questionName] },
    },
    {
      route: 'PATCH /api/v1/questions/:questionId',
      allow: AUTHORS_OF_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/questions/${w.questionId}`,
      body: () => ({ stem: 'Đổi nội dung?' }),
      state,
    },
    // question files
    ...(['csv', 'gift', 'xlsx', 'xml'] as const).map((ext) => ({
      route: `GET /api/v1/courses/:courseId/questions.${ext}`,
      allow: AUTHORS_OF_A,
      path: (w: ExamsWorld) => `/api/v1/courses/${w.courseId}/questions.${ext}`,
    })),
    {
      route: 'POST /api/v1/courses/:courseId/question-imports',
      allow: AUTHORS_OF_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/courses/${w.courseId}/question-imports?mode=commit`,
      state,
    },
    {
      route: 'GET /api/v1/question-imports/:id',
      allow: AUTHORS_OF_A,
      path: (w) => `/api/v1/question-imports/${w.importId}`,
    },
    {
      route: 'GET /api/v1/question-imports/:id/errors.csv',
      allow: AUTHORS_OF_A,
      path: (w) => `/api/v1/question-imports/${w.importId}/errors.csv`,
    },
    ...(['csv', 'xlsx'] as const).map((ext) => ({
      route: `GET /api/v1/question-template.${ext}`,
      allow: ANY_AUTHOR,
      path: () => `/api/v1/question-template.${ext}`,
    })),
    // exams (API)
    {
      route: 'GET /api/v1/courses/:courseId/exams',
      allow: AUTHORS_OF_A,
      path: (w) => `/api/v1/courses/${w.courseId}/exams`,
      shows: { callers: AUTHORS_OF_A, markers: (w) => [w.examTitle] },
    },
    {
      route: 'POST /api/v1/courses/:courseId/exams',
      allow: AUTHORS_OF_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/courses/${w.courseId}/exams`,
      body: () => ({
        title: 'Bài mới',
        kind: 'practice',
        drawMode: 'topics',
        drawTopics: [{ topic: 'iccpr', count: 1 }],
        timeLimitMinutes: 10,
        passPercent: 50,
      }),
      state,
    },
    {
      route: 'GET /api/v1/exams/:examId',
      allow: AUTHORS_OF_A,
      path: (w) => `/api/v1/exams/${w.finalExamId}`,
      shows: { callers: AUTHORS_OF_A, markers: (w) => [w.examTitle] },
    },
    {
      route: 'PATCH /api/v1/exams/:examId',
      allow: AUTHORS_OF_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/exams/${w.finalExamId}`,
      body: () => ({ passPercent: 10 }),
      state,
    },
    // attempts (API): enrolled people on the roster; an attempt only by its own learner
    {
      // learnerA resumes the attempt in progress (200), learnerB starts one (201); nobody else starts any.
      route: 'POST /api/v1/exams/:examId/attempts',
      allow: ENROLLED,
      path: (w) => `/api/v1/exams/${w.finalExamId}/attempts`,
      shows: { callers: LEARNER_A, markers: (w) => [w.activeAttemptId] },
      state,
    },
    {
      route: 'GET /api/v1/attempts/:attemptId',
      allow: LEARNER_A,
      path: (w) => `/api/v1/attempts/${w.activeAttemptId}`,
      shows: { callers: LEARNER_A, markers: (w) => [w.questionVersionId] },
    },
    {
      route: 'PUT /api/v1/attempts/:attemptId/answers/:questionVersionId',
      allow: LEARNER_A,
      path: (w) => `/api/v1/attempts/${w.activeAttemptId}/answers/${w.questionVersionId}`,
      body: () => ({ selected: ['a'] }),
      state,
    },
    {
      route: 'POST /api/v1/attempts/:attemptId/submit (graded: returns the result)',
      allow: LEARNER_A,
      path: (w) => `/api/v1/attempts/${w.gradedAttemptId}/submit`,
      state,
    },
    {
      route: 'POST /api/v1/attempts/:attemptId/submit (in progress)',
      allow: LEARNER_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/attempts/${w.activeAttemptId}/submit`,
      state,
    },
    // question statistics (aggregates, no names): the course's authors
    {
      route: 'GET /api/v1/exams/:examId/statistics',
      allow: AUTHORS_OF_A,
      path: (w) => `/api/v1/exams/${w.practiceExamId}/statistics`,
    },
    {
      route: 'POST /api/v1/exams/:examId/statistics',
      allow: AUTHORS_OF_A,
      refusalsOnly: true,
      path: (w) => `/api/v1/exams/${w.practiceExamId}/statistics`,
      state: (w) => w.jobs(),
    },
    // the learner's pages
    {
      // The redirect names only the exam's id (no title, no data): the exam page decides who may see it.
      route: 'GET /courses/:courseId/exam',
      allow: CALLERS,
      path: (w) => `/courses/${w.courseId}/exam`,
    },
    {
      route: 'GET /exams/:examId',
      allow: ENROLLED,
      path: (w) => `/exams/${w.finalExamId}`,
      shows: { callers: ENROLLED, markers: (w) => [w.examTitle] },
    },
    {
      route: 'POST /exams/:examId/attempts',
      allow: ENROLLED,
      path: (w) => `/exams/${w.finalExamId}/attempts`,
      state,
    },
    { route: 'GET /attempts/:attemptId', allow: LEARNER_A, path: (w) => `/attempts/${w.activeAttemptId}` },
    {
      route: 'POST /attempts/:attemptId',
      allow: LEARNER_A,
      refusalsOnly: true,
      path: (w) => `/attempts/${w.activeAttemptId}?page=1`,
      body: (w) => ({ [`a-${w.questionVersionId}`]: 'b', go: 'next' }),
      state,
    },
    {
      // The script's JSON save (X-CSRF-Token); the allowed call is exams' exam-pages and browser specs.
      route: 'PUT /attempts/:attemptId/answers/:questionVersionId',
      allow: LEARNER_A,
      refusalsOnly: true,
      path: (w) => `/attempts/${w.activeAttemptId}/answers/${w.questionVersionId}`,
      body: () => ({ text: 'b' }), // a form body: valid for the DTO, so the refusal is the access check's
      state,
    },
    {
      route: 'GET /attempts/:attemptId/submit',
      allow: LEARNER_A,
      path: (w) => `/attempts/${w.activeAttemptId}/submit`,
    },
    {
      route: 'POST /attempts/:attemptId/submit (graded: shows the result)',
      allow: LEARNER_A,
      path: (w) => `/attempts/${w.gradedAttemptId}/submit`,
      state,
    },
    {
      route: 'POST /attempts/:attemptId/submit (in progress)',
      allow: LEARNER_A,
      refusalsOnly: true,
      path: (w) => `/attempts/${w.activeAttemptId}/submit`,
      state,
    },
    {
      route: 'GET /attempts/:attemptId/result',
      allow: LEARNER_A,
      path: (w) => `/attempts/${w.gradedAttemptId}/result`,
    },
    {
      route: 'GET /attempts/:attemptId/review',
      allow: LEARNER_A,
      path: (w) => `/attempts/${w.gradedAttemptId}/review`,
    },
    // contests: for the people of the course's owner subtree (A) and the course's authors
    {
      route: 'GET /api/v1/contests',
      allow: ON_ROSTER,
      path: () => '/api/v1/contests',
      shows: { callers: LEARNER_A, markers: (w) => [w.contestTitle] },
    },
    {
      route: 'GET /api/v1/exams/:examId/leaderboard',
      allow: CONTEST_OF_A,
      path: (w) => `/api/v1/exams/${w.contestId}/leaderboard`,
      shows: { callers: CONTEST_OF_A, markers: (w) => [w.learnerA.person.fullName] },
    },
    // The page answers every signed-in caller: an account with no person on the roster sees an empty list.
    {
      route: 'GET /contests',
      allow: CALLERS,
      path: () => '/contests',
      shows: { callers: LEARNER_A, markers: (w) => [w.contestTitle] },
    },
    {
      route: 'GET /contests/:examId',
      allow: CONTEST_OF_A,
      path: (w) => `/contests/${w.contestId}`,
      shows: { callers: CONTEST_OF_A, markers: (w) => [w.learnerA.person.fullName, w.contestTitle] },
    },
    // the organisers' pages
    {
      route: 'GET /authoring/exams/:id/statistics',
      allow: AUTHORS_OF_A,
      path: (w) => `/authoring/exams/${w.practiceExamId}/statistics`,
      shows: { callers: AUTHORS_OF_A, markers: (w) => [w.questionName] },
    },
    {
      route: 'POST /authoring/exams/:id/statistics',
      allow: AUTHORS_OF_A,
      refusalsOnly: true,
      path: (w) => `/authoring/exams/${w.practiceExamId}/statistics`,
      state: (w) => w.jobs(),
    },
    {
      route: 'GET /authoring/courses/:id/exams',
      allow: AUTHORS_OF_A,
      path: (w) => `/authoring/courses/${w.courseId}/exams`,
      shows: { callers: AUTHORS_OF_A, markers: (w) => [w.examTitle] },
    },
    {
      route: 'POST /authoring/courses/:id/exams',
      allow: AUTHORS_OF_A,
      refusalsOnly: true,
      path: (w) => `/authoring/courses/${w.courseId}/exams`,
      body: () => ({
        title: 'Bài mới',
        kind: 'practice',
        timeLimitMinutes: '10',
        passPercent: '50',
        'count-iccpr': '1',
      }),
      state,
    },
    {
      route: 'GET /authoring/exams/:id',
      allow: AUTHORS_OF_A,
      path: (w) => `/authoring/exams/${w.finalExamId}`,
      shows: { callers: AUTHORS_OF_A, markers: (w) => [w.examTitle] },
    },
    {
      route: 'POST /authoring/exams/:id',
      allow: AUTHORS_OF_A,
      refusalsOnly: true,
      path: (w) => `/authoring/exams/${w.finalExamId}`,
      body: () => ({ title: 'Đổi tên', passPercent: '10' }),
      state,
    },
    {
      route: 'GET /authoring/exams/:id/results',
      allow: AUTHORS_OF_A,
      path: (w) => `/authoring/exams/${w.practiceExamId}/results`,
      shows: { callers: AUTHORS_OF_A, markers: (w) => [w.learnerA.person.fullName] },
    },
    {
      route: 'GET /authoring/courses/:id/questions',
      allow: AUTHORS_OF_A,
      path: (w) => `/authoring/courses/${w.courseId}/questions`,
      shows: { callers: AUTHORS_OF_A, markers: (w) => [w.questionName] },
    },
    {
      route: 'POST /authoring/courses/:id/questions',
      allow: AUTHORS_OF_A,
      refusalsOnly: true,
      path: (w) => `/authoring/courses/${w.courseId}/questions`,
      body: () => ({ name: 'Câu mới', type: 'true_false', stem: 'Đúng hay sai?', tf: 'true', topics: 'iccpr' }),
      state,
    },
    {
      route: 'GET /authoring/questions/:id',
      allow: AUTHORS_OF_A,
      path: (w) => `/authoring/questions/${w.questionId}`,
      shows: { callers: AUTHORS_OF_A, markers: (w) => [w.questionName] },
    },
    {
      route: 'POST /authoring/questions/:id',
      allow: AUTHORS_OF_A,
      refusalsOnly: true,
      path: (w) => `/authoring/questions/${w.questionId}`,
      body: () => ({ name: 'Đổi tên', type: 'true_false', stem: 'Đúng hay sai?', tf: 'false', topics: 'iccpr' }),
      state,
    },
  ],
};

/** jobs: administrators only (Policy.JobsRead), each within their subtree. */
export const JOBS_ROUTES: RouteTable<ExamsWorld> = {
  context: 'jobs',
  rows: [
    {
      route: 'GET /api/v1/jobs',
      allow: ADMINS,
      path: () => '/api/v1/jobs',
      shows: { callers: ADMINS, markers: (w) => [w.jobId] },
    },
    { route: 'GET /api/v1/jobs/:id', allow: ADMINS, path: (w) => `/api/v1/jobs/${w.jobId}` },
    { route: 'GET /admin/jobs', allow: ADMINS, path: () => '/admin/jobs' },
  ],
};
