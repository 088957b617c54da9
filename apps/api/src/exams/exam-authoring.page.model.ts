import { nfc } from '@app/common';
import {
  ATTEMPT_RULES,
  DIFFICULTIES,
  EXAM_KINDS,
  ExamResponse,
  ExamResultsResponse,
  LEADERBOARD_NAMES,
  QUESTION_TYPES,
  QuestionResponse,
  REVIEW_POLICIES,
} from '@app/exams';
import { TOPIC_TAGS, topicTagLabel } from '@app/learning';
import type { FieldProblem } from '../learning/authoring/authoring.page.model';
import { Lang } from '../web/i18n';
import { fromLocalInput, localInput, when } from './exam-times';

/** Option rows on the question form (more can be added by editing again; the bank allows up to 20). */
export const OPTION_ROWS = 6;
export const RESULTS_PAGE_SIZE = 50;

const str = (v: unknown): string => (typeof v === 'string' ? nfc(v) : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : v === undefined ? [] : [str(v)]);
const checked = (v: unknown): boolean => v === 'true' || v === 'on';
const numberOr = (v: string): number | string => (/^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v);

// ---- exams ----

export interface ExamForm {
  title: string;
  kind: string;
  /** topic code → how many to draw ('' = none). */
  counts: Record<string, string>;
  timeLimitMinutes: string;
  passPercent: string;
  attemptsAllowed: string;
  attemptRule: string;
  reviewPolicy: string;
  opensAt: string;
  closesAt: string;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  /** Contests. */
  staggerMinutes: string;
  leaderboardNames: string;
}

export function readExamForm(body: Record<string, unknown>): ExamForm {
  const counts: Record<string, string> = {};
  for (const t of TOPIC_TAGS) counts[t.code] = str(body[`n-${t.code}`]).trim();
  return {
    title: str(body.title),
    kind: str(body.kind) || 'final',
    counts,
    timeLimitMinutes: str(body.timeLimitMinutes).trim(),
    passPercent: str(body.passPercent).trim(),
    attemptsAllowed: str(body.attemptsAllowed).trim(),
    attemptRule: str(body.attemptRule) || 'best',
    reviewPolicy: str(body.reviewPolicy) || 'score_only',
    opensAt: str(body.opensAt).trim(),
    closesAt: str(body.closesAt).trim(),
    shuffleQuestions: checked(body.shuffleQuestions),
    shuffleOptions: checked(body.shuffleOptions),
    staggerMinutes: str(body.staggerMinutes).trim() || '0',
    leaderboardNames: str(body.leaderboardNames) || 'initials',
  };
}

/** The exam form as a CreateExamDto/UpdateExamDto body (drawn per topic; fixed lists go through the API). */
export function examFormBody(f: ExamForm): Record<string, unknown> {
  return {
    title: f.title,
    kind: f.kind,
    drawMode: 'topics',
    drawTopics: Object.entries(f.counts)
      .filter(([, n]) => n !== '' && n !== '0')
      .map(([topic, n]) => ({ topic, count: numberOr(n) })),
    timeLimitMinutes: numberOr(f.timeLimitMinutes),
    passPercent: numberOr(f.passPercent),
    attemptsAllowed: f.attemptsAllowed === '' ? null : numberOr(f.attemptsAllowed),
    attemptRule: f.attemptRule,
    reviewPolicy: f.reviewPolicy,
    opensAt: fromLocalInput(f.opensAt),
    closesAt: fromLocalInput(f.closesAt),
    shuffleQuestions: f.shuffleQuestions,
    shuffleOptions: f.shuffleOptions,
    staggerMinutes: numberOr(f.staggerMinutes),
    leaderboardNames: f.leaderboardNames,
  };
}

export const emptyExamForm = (): ExamForm => ({
  title: '',
  kind: 'final',
  counts: {},
  timeLimitMinutes: '30',
  passPercent: '70',
  attemptsAllowed: '3',
  attemptRule: 'best',
  reviewPolicy: 'with_answers',
  opensAt: '',
  closesAt: '',
  shuffleQuestions: true,
  shuffleOptions: true,
  staggerMinutes: '0',
  leaderboardNames: 'initials',
});

export const examForm = (e: ExamResponse): ExamForm => ({
  title: e.title,
  kind: e.kind,
  counts: Object.fromEntries(e.drawTopics.map((d) => [d.topic, String(d.count)])),
  timeLimitMinutes: String(e.timeLimitMinutes),
  passPercent: String(e.passPercent),
  attemptsAllowed: e.attemptsAllowed === null ? '' : String(e.attemptsAllowed),
  attemptRule: e.attemptRule,
  reviewPolicy: e.reviewPolicy,
  opensAt: localInput(e.opensAt),
  closesAt: localInput(e.closesAt),
  shuffleQuestions: e.shuffleQuestions,
  shuffleOptions: e.shuffleOptions,
  staggerMinutes: String(e.staggerMinutes),
  leaderboardNames: e.leaderboardNames,
});

export function examFields(lang: Lang, f: ExamForm) {
  return {
    ...f,
    kinds: EXAM_KINDS.map((v) => ({ value: v, key: `xa.kind.${v}`, selected: f.kind === v })),
    names: LEADERBOARD_NAMES.map((v) => ({ value: v, key: `contest.names.${v}`, selected: f.leaderboardNames === v })),
    rules: ATTEMPT_RULES.map((v) => ({ value: v, key: `exam.rule.${v}`, selected: f.attemptRule === v })),
    policies: REVIEW_POLICIES.map((v) => ({ value: v, key: `exam.review.${v}`, selected: f.reviewPolicy === v })),
    topics: TOPIC_TAGS.map((t) => ({
      code: t.code,
      label: topicTagLabel(t.code, lang),
      count: f.counts[t.code] ?? '',
    })),
  };
}

export function examRow(e: ExamResponse) {
  return {
    ...e,
    kindKey: `xa.kind.${e.kind}`,
    href: `/authoring/exams/${e.id}`,
    resultsHref: `/authoring/exams/${e.id}/results`,
    boardHref: e.kind === 'contest' ? `/contests/${e.id}` : null,
    statsHref: `/authoring/exams/${e.id}/statistics`,
    short: e.shortfall.length > 0,
  };
}

export function resultsModel(results: ExamResultsResponse, page: number, courseId: string) {
  const last = Math.max(1, Math.ceil(results.total / RESULTS_PAGE_SIZE));
  const href = (n: number) => `/authoring/exams/${results.examId}/results${n > 1 ? `?page=${n}` : ''}`;
  return {
    title: results.title,
    examId: results.examId,
    examHref: `/authoring/exams/${results.examId}`,
    courseExamsHref: `/authoring/courses/${courseId}/exams`,
    total: results.total,
    ruleKey: `exam.rule.${results.attemptRule}`,
    people: results.people,
    passed: results.passed,
    averagePercent: results.averagePercent === null ? '—' : `${Math.round(results.averagePercent * 10) / 10}%`,
    items: results.items.map((r) => ({
      ...r,
      percent: r.percent === null ? '—' : `${Math.round(r.percent * 10) / 10}%`,
      score: r.score === null ? '—' : `${Math.round(r.score * 100) / 100}/${r.maxScore}`,
      at: when(r.submittedAt ?? r.startedAt) ?? '',
      statusKey: `exam.status.${r.status}`,
      inProgress: r.status === 'in_progress',
    })),
    page,
    last,
    prevHref: page > 1 ? href(page - 1) : null,
    nextHref: page < last ? href(page + 1) : null,
  };
}

// ---- questions ----

export interface QuestionForm {
  name: string;
  type: string;
  stem: string;
  /** Option rows: key (kept on edit), text, right or not. */
  options: Array<{ key: string; text: string; right: boolean; feedback: string }>;
  trueIsRight: boolean;
  accepted: string;
  ignoreDiacritics: boolean;
  topics: string[];
  difficulty: string;
  explanation: string;
  shared: boolean;
}

export function readQuestionForm(body: Record<string, unknown>): QuestionForm {
  const right = new Set(list(body.right));
  return {
    name: str(body.name),
    type: str(body.type) || 'single_choice',
    stem: str(body.stem),
    options: Array.from({ length: OPTION_ROWS }, (_, i) => ({
      key: str(body[`okey-${i}`]).trim() || String.fromCharCode(97 + i),
      text: str(body[`otext-${i}`]),
      right: right.has(String(i)),
      feedback: str(body[`ofb-${i}`]),
    })),
    trueIsRight: str(body.tf) !== 'false',
    accepted: str(body.accepted),
    ignoreDiacritics: checked(body.ignoreDiacritics),
    topics: list(body.topics).filter(Boolean),
    difficulty: str(body.difficulty),
    explanation: str(body.explanation),
    shared: checked(body.shared),
  };
}

/** The form as a CreateQuestionDto/UpdateQuestionDto body; the bank's rules check the rest (400 naming fields). */
export function questionFormBody(f: QuestionForm): Record<string, unknown> {
  const base = {
    name: f.name,
    type: f.type,
    stem: f.stem,
    topics: f.topics,
    difficulty: f.difficulty || null,
    explanation: f.explanation.trim() || null,
    shared: f.shared,
  };
  if (f.type === 'short_answer') {
    const accepted = f.accepted
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((text) => ({ text, fraction: 1 }));
    return { ...base, options: [], shortAnswer: { accepted, ignoreDiacritics: f.ignoreDiacritics } };
  }
  if (f.type === 'true_false') {
    return {
      ...base,
      shortAnswer: null,
      options: [
        { key: 'true', text: 'Đúng', fraction: f.trueIsRight ? 1 : 0 },
        { key: 'false', text: 'Sai', fraction: f.trueIsRight ? 0 : 1 },
      ],
    };
  }
  const rows = f.options.filter((o) => o.text.trim() !== '');
  const rights = rows.filter((o) => o.right).length;
  const share = f.type === 'multiple_choice' && rights > 0 ? Math.round(100000 / rights) / 100000 : 1;
  return {
    ...base,
    shortAnswer: null,
    options: rows.map((o) => ({
      key: o.key,
      text: o.text,
      fraction: o.right ? share : 0,
      feedback: o.feedback.trim() || null,
    })),
  };
}

export const emptyQuestionForm = (): QuestionForm => readQuestionForm({});

export function questionForm(q: QuestionResponse): QuestionForm {
  const rows = q.type === 'true_false' || q.type === 'short_answer' ? [] : q.options;
  return {
    name: q.name,
    type: q.type,
    stem: q.stem,
    options: Array.from({ length: Math.max(OPTION_ROWS, rows.length) }, (_, i) => ({
      key: rows[i]?.key ?? String.fromCharCode(97 + i),
      text: rows[i]?.text ?? '',
      right: (rows[i]?.fraction ?? 0) > 0,
      feedback: rows[i]?.feedback ?? '',
    })),
    trueIsRight: q.type !== 'true_false' || (q.options.find((o) => o.key === 'true')?.fraction ?? 0) > 0,
    accepted: (q.shortAnswer?.accepted ?? []).map((a) => a.text).join('\n'),
    ignoreDiacritics: q.shortAnswer?.ignoreDiacritics ?? false,
    topics: q.topics,
    difficulty: q.difficulty ?? '',
    explanation: q.explanation ?? '',
    shared: q.shared,
  };
}

export function questionFields(lang: Lang, f: QuestionForm) {
  return {
    ...f,
    types: QUESTION_TYPES.map((v) => ({ value: v, key: `xa.type.${v}`, selected: f.type === v })),
    difficulties: DIFFICULTIES.map((v) => ({ value: v, key: `xa.diff.${v}`, selected: f.difficulty === v })),
    rows: f.options.map((o, i) => ({ ...o, i, n: i + 1 })),
    topicChoices: TOPIC_TAGS.map((t) => ({
      code: t.code,
      label: topicTagLabel(t.code, lang),
      checked: f.topics.includes(t.code),
    })),
  };
}

export function questionRow(lang: Lang, q: QuestionResponse, courseId: string) {
  return {
    ...q,
    typeKey: `xa.type.${q.type}`,
    topicsText: q.topics.map((t) => topicTagLabel(t, lang)).join(', '),
    href: `/authoring/questions/${q.id}`,
    fromOtherCourse: q.courseId !== courseId,
  };
}

/** Problems as the pages list them (field: reason). */
export const shownProblems = (problems: FieldProblem[]) => problems.map((p) => ({ label: p.field, reason: p.reason }));
