import type { AnswerResponse, AttemptResponse, LearnerExamResponse, PaperQuestionResponse } from '@app/exams';
import { Lang, translate } from '../web/i18n';
import { when } from './exam-times';

/** Questions on one page of the attempt form (phones: a short page, a save between pages). */
export const QUESTIONS_PER_PAGE = 5;

const t = translate;

/** "25 phút 03 giây" / "25 min 03 s": remaining time as the page shows it (and the script counts down). */
export function remainingText(lang: Lang, seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m} ${t(lang, 'exam.min')} ${String(s).padStart(2, '0')} ${t(lang, 'exam.sec')}`;
}

const pct = (n: number | null): string => (n === null ? '—' : `${Math.round(n * 10) / 10}%`);

export const isAnswered = (a: AnswerResponse | null): boolean =>
  a !== null && ('text' in a ? (a.text ?? '').trim() !== '' : (a.selected ?? []).length > 0);

export const pageCount = (questions: number): number => Math.max(1, Math.ceil(questions / QUESTIONS_PER_PAGE));

/** The exam's start page: rules, the learner's attempts, and the start (or resume) button when allowed. */
export function examStartModel(lang: Lang, exam: LearnerExamResponse): Record<string, unknown> {
  return {
    title: exam.title,
    exam: {
      ...exam,
      opensAt: when(exam.opensAt),
      startsAt: when(exam.startsAt),
      closesAt: when(exam.closesAt),
      passPercent: pct(exam.passPercent),
      resultPercent: pct(exam.resultPercent),
      hasResult: exam.resultPercent !== null,
      notOpen: exam.window === 'not_open',
      closed: exam.window === 'closed',
      unlimited: exam.attemptsAllowed === null,
      noneLeft: exam.attemptsLeft === 0 && !exam.activeAttemptId && !exam.passedFinal,
      ruleKey: `exam.rule.${exam.attemptRule}`,
      reviewKey: `exam.review.${exam.reviewPolicy}`,
    },
    courseHref: `/courses/${exam.courseId}`,
    boardHref: exam.kind === 'contest' ? `/contests/${exam.id}` : null,
    startAction: `/exams/${exam.id}/attempts`,
    attempts: exam.attempts.map((a) => ({
      ...a,
      startedAt: when(a.startedAt),
      submittedAt: when(a.submittedAt),
      percent: pct(a.percent),
      inProgress: a.status === 'in_progress',
      statusKey: `exam.status.${a.status}`,
      href: a.status === 'in_progress' ? `/attempts/${a.id}` : `/attempts/${a.id}/result`,
    })),
  };
}

function questionModel(q: PaperQuestionResponse, number: number) {
  const selected = q.answer && 'selected' in q.answer ? (q.answer.selected ?? []) : [];
  const text = q.answer && 'text' in q.answer ? (q.answer.text ?? '') : '';
  const inputType = q.type === 'multiple_choice' ? 'checkbox' : 'radio';
  return {
    id: q.questionVersionId,
    number,
    type: q.type,
    stem: q.stem,
    isText: q.type === 'short_answer',
    isMultiple: q.type === 'multiple_choice',
    text,
    options: q.options.map((o, i) => ({
      key: o.key,
      text: o.text,
      inputType,
      letter: String.fromCharCode(65 + i),
      checked: selected.includes(o.key),
    })),
    saved: q.savedAt !== null,
  };
}

/** One page of the attempt form. `problem`: a refused answer, shown above the form. */
export function attemptPageModel(o: {
  lang: Lang;
  attempt: AttemptResponse;
  page: number;
  problem?: string;
}): Record<string, unknown> {
  const { attempt, lang } = o;
  const pages = pageCount(attempt.questions.length);
  const page = Math.min(Math.max(1, o.page), pages);
  const from = (page - 1) * QUESTIONS_PER_PAGE;
  const onPage = attempt.questions.slice(from, from + QUESTIONS_PER_PAGE);
  const answered = attempt.questions.filter((q) => isAnswered(q.answer)).length;
  const base = `/attempts/${attempt.id}`;
  return {
    title: `${attempt.examTitle} · ${t(lang, 'exam.page')} ${page}/${pages}`,
    examTitle: attempt.examTitle,
    attemptId: attempt.id,
    action: `${base}?page=${page}`,
    answersUrl: `${base}/answers`,
    page,
    pages,
    first: page === 1,
    last: page === pages,
    remainingSeconds: attempt.remainingSeconds,
    remaining: remainingText(lang, attempt.remainingSeconds),
    deadline: when(attempt.deadlineAt),
    answered,
    total: attempt.questions.length,
    questions: onPage.map((q, i) => questionModel(q, from + i + 1)),
    pageLinks: Array.from({ length: pages }, (_, i) => {
      const qs = attempt.questions.slice(i * QUESTIONS_PER_PAGE, (i + 1) * QUESTIONS_PER_PAGE);
      return {
        n: i + 1,
        current: i + 1 === page,
        done: qs.filter((q) => isAnswered(q.answer)).length,
        of: qs.length,
      };
    }),
    problem: o.problem ?? null,
  };
}

/** The submit confirmation: answered n of m, the questions left unanswered (links to their pages). */
export function submitModel(lang: Lang, attempt: AttemptResponse): Record<string, unknown> {
  const unanswered = attempt.questions
    .map((q, i) => ({ q, number: i + 1 }))
    .filter(({ q }) => !isAnswered(q.answer))
    .map(({ number }) => ({ number, href: `/attempts/${attempt.id}?page=${Math.ceil(number / QUESTIONS_PER_PAGE)}` }));
  return {
    title: `${t(lang, 'exam.submit.title')} · ${attempt.examTitle}`,
    examTitle: attempt.examTitle,
    attemptId: attempt.id,
    answered: attempt.questions.length - unanswered.length,
    total: attempt.questions.length,
    unanswered,
    remaining: remainingText(lang, attempt.remainingSeconds),
    remainingSeconds: attempt.remainingSeconds,
    backHref: `/attempts/${attempt.id}?page=${pageCount(attempt.questions.length)}`,
  };
}

/** The result of a graded attempt; the review link only when the review policy allows it. */
export function resultModel(
  lang: Lang,
  attempt: AttemptResponse,
  exam: LearnerExamResponse | null,
): Record<string, unknown> {
  const r = attempt.result!;
  return {
    title: `${t(lang, 'exam.result.title')} · ${attempt.examTitle}`,
    examTitle: attempt.examTitle,
    attemptNo: attempt.attemptNo,
    expired: attempt.status === 'expired',
    submittedAt: when(attempt.submittedAt),
    score: Math.round(r.score * 100) / 100,
    maxScore: r.maxScore,
    percent: pct(r.percent),
    passPercent: pct(r.passPercent),
    passed: r.passed,
    reviewHref: r.review ? `/attempts/${attempt.id}/review` : null,
    reviewOpensAt: when(r.reviewOpensAt),
    examHref: `/exams/${attempt.examId}`,
    courseHref: exam ? `/courses/${exam.courseId}` : null,
    attemptsLeft: exam?.attemptsLeft ?? null,
    examResult:
      exam && exam.resultAttemptNo !== null
        ? {
            ruleKey: `exam.rule.${exam.attemptRule}`,
            percent: pct(exam.resultPercent),
            attemptNo: exam.resultAttemptNo,
            passed: exam.passed,
          }
        : null,
    canRetry: !!exam && !r.passed && exam.canStart,
  };
}

/** The review: each question with the learner's answer, the right answer, feedback and explanation. */
export function reviewModel(lang: Lang, attempt: AttemptResponse): Record<string, unknown> {
  const review = new Map((attempt.result?.review ?? []).map((q) => [q.questionVersionId, q]));
  return {
    title: `${t(lang, 'exam.review.title')} · ${attempt.examTitle}`,
    examTitle: attempt.examTitle,
    resultHref: `/attempts/${attempt.id}/result`,
    questions: attempt.questions.map((q, i) => {
      const r = review.get(q.questionVersionId);
      const selected = q.answer && 'selected' in q.answer ? (q.answer.selected ?? []) : [];
      return {
        number: i + 1,
        stem: q.stem,
        score: r ? Math.round(r.score * 100) / 100 : 0,
        full: r ? r.score >= 1 : false,
        isText: q.type === 'short_answer',
        text: q.answer && 'text' in q.answer ? q.answer.text : null,
        options: (r?.options ?? []).map((o) => ({
          text: o.text,
          chosen: selected.includes(o.key),
          right: o.fraction > 0,
          feedback: o.feedback,
        })),
        accepted: (r?.acceptedAnswers ?? []).filter((a) => a.fraction > 0).map((a) => a.text),
        explanation: r?.explanation ?? null,
      };
    }),
  };
}
