import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { Actor, mulberry32, Permission } from '@app/common';
import { DEMO_AT_END_LOGINS, demoCourseIds } from '@app/learning';
import { AttemptGrader } from '../attempts/attempt-grader';
import { AttemptRepository, PaperItemRow } from '../attempts/attempt.repository';
import { drawPaper } from '../attempts/draw';
import { drawSpecOf, ExamsService } from '../exams/exams.service';
import { ExamRepository } from '../exams/exam.repository';
import type { AnswerResponse } from '../grading/grade';
import { QuestionRepository } from '../questions/question.repository';
import { QuestionsService } from '../questions/questions.service';
import {
  DEMO_CONTEST,
  DEMO_CONTEST_PARTICIPANTS,
  DEMO_CONTEST_WINDOW_DAYS,
  DEMO_FINAL_EXAM,
  DEMO_QUESTIONS,
} from './demo-exam.content';

/**
 * Of the learners who have done every required lesson, by a hash of the person: the share who passed at the first
 * attempt, who failed once and then passed, and (the rest) who failed once and have not tried again.
 */
export const DEMO_EXAM_OUTCOMES = { passedFirstPercent: 60, passedSecondPercent: 20 } as const;

export interface DemoExamSeedReport {
  /** 'no-course': the demo course is not there (nothing written); 'no-organiser': nobody to author it as. */
  exam: 'created' | 'exists' | 'no-course' | 'no-organiser';
  examId: string | null;
  questions: number;
  /** Attempts written by this run (0 when the exam already had attempts). */
  attempts: number;
  passed: number;
  failed: number;
  /** The demo contest, and the contest attempts this run wrote (0 when it already had some). */
  contestId: string | null;
  contestAttempts: number;
  ms: number;
}

interface Services {
  db: DataSource;
  questions: QuestionsService;
  exams: ExamsService;
  questionRepository: QuestionRepository;
  examRepository: ExamRepository;
  attempts: AttemptRepository;
  grader: AttemptGrader;
}

/** A number 0…2^32−1 from text: the same everywhere, so the demo is the same on every machine. */
const hash32 = (text: string): number => createHash('sha256').update(text).digest().readUInt32BE(0);

/**
 * The demo course's question bank and final exam, through QuestionsService and ExamsService as the province's demo
 * organiser; then, for the learners who have done every required lesson, their attempts (paper drawn and graded
 * by the exam engine; a pass records the exam on the enrolment, which completes the course). Deterministic and
 * idempotent: questions already in the bank and an exam already there are kept; attempts are written only when
 * the exam has none (one transaction, so a run cut short writes none).
 */
export async function seedDemoExam(
  s: Services,
  o: { provinceId: string; now: Date; signal?: AbortSignal },
): Promise<DemoExamSeedReport> {
  const started = Date.now();
  const report: DemoExamSeedReport = {
    exam: 'exists',
    examId: null,
    questions: 0,
    attempts: 0,
    passed: 0,
    failed: 0,
    contestId: null,
    contestAttempts: 0,
    ms: 0,
  };
  const { courseId } = demoCourseIds();
  const [course] = await s.db.query<Array<{ id: string }>>(`SELECT id FROM course WHERE id = $1`, [courseId]);
  if (!course) return { ...report, exam: 'no-course', ms: Date.now() - started };
  const actor = await organiserOf(s.db, o.provinceId);
  if (!actor) return { ...report, exam: 'no-organiser', ms: Date.now() - started };

  for (const q of DEMO_QUESTIONS) {
    o.signal?.throwIfAborted();
    if (await s.questionRepository.nameTaken(s.db.manager, courseId, q.name)) continue;
    await s.questions.create(actor, courseId, q);
  }
  report.questions = DEMO_QUESTIONS.length;
  let examId = await s.examRepository.finalExamId(courseId);
  if (!examId) {
    examId = (await s.exams.create(actor, courseId, DEMO_FINAL_EXAM)).id;
    report.exam = 'created';
  }
  report.examId = examId;
  o.signal?.throwIfAborted();
  const outcome = await writeAttempts(s, examId, o.now, o.signal);
  o.signal?.throwIfAborted();
  const contest = await seedContest(s, actor, courseId, o);
  return { ...report, ...outcome, ...contest, ms: Date.now() - started };
}

/**
 * The demo contest (DEMO_CONTEST), created once, open from DEMO_CONTEST_WINDOW_DAYS before the first load; then,
 * when it has no attempt yet, one graded attempt each for DEMO_CONTEST_PARTICIPANTS people of the province's roster
 * chosen by a hash (not the demo accounts, so that whoever tries the demo can still take part), started between the
 * opening and an hour ago, so its leaderboards have people and units to rank.
 */
async function seedContest(
  s: Services,
  actor: Actor,
  courseId: string,
  o: { provinceId: string; now: Date; signal?: AbortSignal },
): Promise<Pick<DemoExamSeedReport, 'contestId' | 'contestAttempts'>> {
  const day = 86_400_000;
  const [existing] = await s.db.query<Array<{ id: string }>>(
    `SELECT id FROM exam WHERE course_id = $1 AND kind = 'contest' ORDER BY created_at LIMIT 1`,
    [courseId],
  );
  const contestId =
    existing?.id ??
    (
      await s.exams.create(actor, courseId, {
        ...DEMO_CONTEST,
        opensAt: new Date(o.now.getTime() - DEMO_CONTEST_WINDOW_DAYS.before * day).toISOString(),
        closesAt: new Date(o.now.getTime() + DEMO_CONTEST_WINDOW_DAYS.after * day).toISOString(),
      })
    ).id;
  const contestAttempts = await s.db.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('moc:seed:demo-contest'))`);
    const [{ any }] = await m.query<Array<{ any: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM exam_attempt WHERE exam_id = $1) AS any`,
      [contestId],
    );
    if (any) return 0;
    const exam = (await s.examRepository.find(contestId, m))!;
    const pool = await s.examRepository.pool(m, courseId, { topics: exam.drawTopics.map((d) => d.topic) });
    const people = await m.query<Array<{ personId: string }>>(
      `SELECT p.id AS "personId" FROM person p
         JOIN org_unit_closure c ON c.descendant_id = p.unit_id AND c.ancestor_id = $1
         LEFT JOIN account a ON a.id = p.account_id
        WHERE p.status = 'active' AND (a.login IS NULL OR a.login NOT LIKE 'demo.%')
        ORDER BY md5(p.id::text || ':demo-contest') LIMIT $2`,
      [o.provinceId, DEMO_CONTEST_PARTICIPANTS],
    );
    const opened = exam.opensAt ? new Date(exam.opensAt).getTime() : o.now.getTime() - day;
    const span = Math.max(0, o.now.getTime() - 3_600_000 - opened);
    for (const p of people) {
      o.signal?.throwIfAborted();
      const h = hash32(`${p.personId}:demo-contest`);
      await sit(s, m, {
        exam,
        pool,
        who: { personId: p.personId, enrolmentId: null },
        seedKey: 'demo-contest',
        attemptNo: 1,
        startedAt: new Date(opened + (h % 1000) * (span / 1000)),
        rightShare: 0.35 + (h % 61) / 100,
      });
    }
    return people.length;
  });
  return { contestId, contestAttempts };
}

async function organiserOf(db: DataSource, provinceId: string): Promise<Actor | null> {
  const [row] = await db.query<Array<{ accountId: string }>>(
    `SELECT g.account_id AS "accountId" FROM account_grant g JOIN account a ON a.id = g.account_id
      WHERE g.permission = 'organiser' AND g.scope_unit_id = $1 ORDER BY a.login LIMIT 1`,
    [provinceId],
  );
  return row
    ? { accountId: row.accountId, grants: [{ permission: Permission.Organiser, scopeUnitId: provinceId }], via: 'api' }
    : null;
}

interface Finisher {
  personId: string;
  enrolmentId: string;
  lastDone: Date;
  login: string | null;
}

async function writeAttempts(
  s: Services,
  examId: string,
  now: Date,
  signal?: AbortSignal,
): Promise<Pick<DemoExamSeedReport, 'attempts' | 'passed' | 'failed'>> {
  return s.db.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('moc:seed:demo-exam'))`);
    const [{ any }] = await m.query<Array<{ any: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM exam_attempt WHERE exam_id = $1) AS any`,
      [examId],
    );
    const out = { attempts: 0, passed: 0, failed: 0 };
    if (any) return out;
    const exam = (await s.examRepository.find(examId, m))!;
    const pool = await s.examRepository.pool(m, exam.courseId, { topics: exam.drawTopics.map((d) => d.topic) });
    // Enrolments of the exam's course with every required lesson done and the exam not yet passed.
    const finishers = await m.query<Finisher[]>(
      `SELECT e.person_id AS "personId", e.id AS "enrolmentId", max(lp.completed_at) AS "lastDone", a.login
         FROM enrolment e
         JOIN lesson l ON l.version_id = e.version_id AND l.required
         LEFT JOIN lesson_progress lp ON lp.enrolment_id = e.id AND lp.lesson_id = l.id AND lp.completed_at IS NOT NULL
         JOIN person p ON p.id = e.person_id LEFT JOIN account a ON a.id = p.account_id
        WHERE e.course_id = $1 AND e.exam_passed_at IS NULL
        GROUP BY e.id, e.person_id, a.login
       HAVING count(lp.lesson_id) = count(l.id)
        ORDER BY e.person_id`,
      [exam.courseId],
    );
    const { passedFirstPercent, passedSecondPercent } = DEMO_EXAM_OUTCOMES;
    for (const f of finishers) {
      signal?.throwIfAborted();
      // The demo accounts put at the end of the course pass (a demo shows one who finished it).
      const bucket = f.login && DEMO_AT_END_LOGINS.includes(f.login) ? 0 : hash32(`${f.personId}:demo-exam`) % 100;
      const plan =
        bucket < passedFirstPercent
          ? [0.95]
          : bucket < passedFirstPercent + passedSecondPercent
            ? [0.45, 0.95]
            : [0.45];
      // The first attempt an hour after the last lesson (or an hour before now), the retry a day later.
      let at = new Date(Math.min(f.lastDone.getTime() + 3_600_000, now.getTime() - 3_600_000));
      for (const [i, rightShare] of plan.entries()) {
        if (i > 0) at = new Date(Math.min(at.getTime() + 86_400_000, now.getTime() - 1_800_000));
        const passed = await sit(s, m, {
          exam,
          pool,
          who: f,
          seedKey: 'demo-exam',
          attemptNo: i + 1,
          startedAt: at,
          rightShare,
        });
        out.attempts++;
        if (passed) out.passed++;
        else out.failed++;
        if (passed) break; // a pass ends the course: no retry after it
      }
    }
    return out;
  });
}

/** One attempt: the paper drawn as a learner's would be, answered (right with probability `rightShare`), graded. */
async function sit(
  s: Services,
  m: EntityManager,
  a: {
    exam: NonNullable<Awaited<ReturnType<ExamRepository['find']>>>;
    pool: Awaited<ReturnType<ExamRepository['pool']>>;
    who: { personId: string; enrolmentId: string | null };
    /** Seeds the paper and the answers with the person and attempt: the same demo on every machine. */
    seedKey: string;
    attemptNo: number;
    startedAt: Date;
    rightShare: number;
  },
): Promise<boolean> {
  const seed = hash32(`${a.who.personId}:${a.seedKey}:${a.attemptNo}`) % 2 ** 31;
  const drawn = drawPaper(a.pool, drawSpecOf(a.exam, []), {
    seed,
    shuffleQuestions: a.exam.shuffleQuestions,
    shuffleOptions: a.exam.shuffleOptions,
  });
  if (!drawn.ok) throw new Error('the demo bank cannot fill a paper of the demo exam');
  const id = await s.attempts.insert(
    m,
    {
      examId: a.exam.id,
      personId: a.who.personId,
      enrolmentId: a.who.enrolmentId,
      attemptNo: a.attemptNo,
      seed,
      startedAt: a.startedAt,
      deadlineAt: new Date(a.startedAt.getTime() + a.exam.timeLimitMinutes * 60_000),
      passPercent: a.exam.passPercent,
    },
    drawn.paper,
  );
  const random = mulberry32(seed);
  const paper = await s.attempts.paper(id, m);
  // Final exam (30 minutes): 8–22 minutes taken, as before; a shorter exam: up to a minute before its limit.
  const minutes = Math.min(8 + Math.floor(random() * 15), a.exam.timeLimitMinutes - 1);
  for (const [i, item] of paper.entries()) {
    const savedAt = new Date(a.startedAt.getTime() + ((i + 1) * minutes * 60_000) / (paper.length + 1));
    await s.attempts.upsertAnswer(m, id, item.questionVersionId, answerFor(item, random() < a.rightShare), savedAt);
  }
  const row = (await s.attempts.find(id, m, 'update'))!;
  await s.grader.gradeLocked(m, row, new Date(a.startedAt.getTime() + minutes * 60_000));
  const [{ passed }] = await m.query<Array<{ passed: boolean }>>(`SELECT passed FROM exam_attempt WHERE id = $1`, [id]);
  return passed;
}

function answerFor(item: PaperItemRow, right: boolean): AnswerResponse {
  if (item.type === 'short_answer') {
    return { text: right ? (item.shortAnswer?.accepted[0]?.text ?? '') : 'Không nhớ' };
  }
  const good = item.options.filter((o) => o.fraction > 0).map((o) => o.key);
  const bad = item.options.filter((o) => o.fraction <= 0).map((o) => o.key);
  if (right) return { selected: item.type === 'multiple_choice' ? good : good.slice(0, 1) };
  return { selected: bad.slice(0, 1) };
}
