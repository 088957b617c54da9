import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, nfc } from '@app/common';
import {
  COURSE_STATUSES,
  CourseDetailResponse,
  CourseFileResponse,
  CourseResponse,
  CourseStatus,
  CourseVersionResponse,
  LESSON_KINDS,
  LessonResponse,
  sanitizeLessonHtml,
  TOPIC_TAGS,
  topicTagLabel,
} from '@app/learning';
import { queryString } from '../../web/page-helpers';
import { Lang, translate } from '../../web/i18n';

export const PAGE_SIZE = 50;

export interface FieldProblem {
  field: string;
  reason: string;
}

/** A problem as pages show it: the field's label (a link to it), and a reason in the page language. */
interface ShownProblem {
  label: string;
  anchor?: string;
  reason: string;
}

const FIELD_IDS: Record<string, string> = {
  code: 'f-code',
  title: 'f-title',
  summary: 'f-summary',
  language: 'f-language',
  tags: 'f-tags',
  estimatedMinutes: 'f-estimatedMinutes',
  ownerUnitId: 'f-ownerUnitId',
  kind: 'f-kind',
  bodyHtml: 'f-bodyHtml',
  url: 'f-url',
  fileId: 'f-fileId',
  file: 'f-file',
};

const hasMessage = (lang: Lang, key: string): boolean => translate(lang, key) !== key;

/** The reason in the page language: our generic advice for the field when there is one, else what the server said. */
export function problemReason(lang: Lang, field: string, reason: string, status?: number): string {
  if (field === 'file' && (status === 413 || status === 415)) return translate(lang, `author.e.file${status}`);
  const key = `author.e.${field}`;
  return hasMessage(lang, key) ? translate(lang, key) : reason;
}

/** The {field, reason} details of a refused request (its message when it has none). */
export function problemsOf(e: DomainError): FieldProblem[] {
  const details = Array.isArray(e.details) ? (e.details as Array<Partial<FieldProblem>>) : [];
  const problems = details
    .filter((d) => typeof d.field === 'string')
    .map((d) => ({ field: d.field!, reason: String(d.reason ?? e.message) }));
  return problems.length > 0 ? problems : [{ field: 'form', reason: e.message }];
}

function showProblems(
  lang: Lang,
  problems: FieldProblem[],
  status?: number,
  labels: Record<string, string> = {},
): ShownProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => !seen.has(p.field) && seen.add(p.field))
    .map((p) => {
      const labelKey = labels[p.field] ?? `author.f.${p.field}`;
      return {
        label: hasMessage(lang, labelKey) ? translate(lang, labelKey) : p.field,
        anchor: FIELD_IDS[p.field],
        reason: problemReason(lang, p.field, p.reason, status),
      };
    });
}

/** Validates a form against the API's DTO class (same rules, same transforms); problems name the fields. */
export async function validateForm<T extends object>(
  cls: ClassConstructor<T>,
  plain: Record<string, unknown>,
): Promise<{ dto: T; problems: FieldProblem[] }> {
  const dto = plainToInstance(cls, plain);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((reason) => ({ field: e.property, reason })),
  );
  return { dto, problems };
}

// ---- forms as posted ----

const str = (v: unknown): string => (typeof v === 'string' ? nfc(v) : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : v === undefined ? [] : [str(v)]);
const checked = (v: unknown): boolean => v === 'true' || v === 'on' || (Array.isArray(v) && v.includes('true'));

export interface CourseForm {
  code: string;
  title: string;
  summary: string;
  language: string;
  tags: string[];
  estimatedMinutes: string;
  openEnrolment: boolean;
  finalExam: boolean;
  ownerUnitId: string;
}

export function readCourseForm(body: Record<string, unknown>): CourseForm {
  return {
    code: str(body.code).trim(),
    title: str(body.title),
    summary: str(body.summary),
    language: str(body.language) || 'vi',
    tags: list(body.tags).filter(Boolean),
    estimatedMinutes: str(body.estimatedMinutes).trim(),
    openEnrolment: checked(body.openEnrolment),
    finalExam: checked(body.finalExam),
    ownerUnitId: str(body.ownerUnitId).trim(),
  };
}

/** The form as a DTO body: an empty number means none (null on update, absent on create). */
export function courseFormBody(form: CourseForm, mode: 'create' | 'update'): Record<string, unknown> {
  return {
    code: form.code,
    title: form.title,
    summary: form.summary,
    language: form.language,
    tags: form.tags,
    estimatedMinutes: form.estimatedMinutes === '' ? (mode === 'create' ? undefined : null) : form.estimatedMinutes,
    openEnrolment: form.openEnrolment,
    finalExam: form.finalExam,
    ownerUnitId: form.ownerUnitId || undefined,
  };
}

export const courseForm = (c: CourseResponse): CourseForm => ({
  code: c.code,
  title: c.title,
  summary: c.summary,
  language: c.language,
  tags: c.tags,
  estimatedMinutes: c.estimatedMinutes === null ? '' : String(c.estimatedMinutes),
  openEnrolment: c.openEnrolment,
  finalExam: c.finalExam,
  ownerUnitId: c.ownerUnitId,
});

export const emptyCourseForm = (ownerUnitId: string): CourseForm => ({
  code: '',
  title: '',
  summary: '',
  language: 'vi',
  tags: [],
  estimatedMinutes: '',
  openEnrolment: true,
  finalExam: false,
  ownerUnitId,
});

export interface LessonForm {
  kind: string;
  title: string;
  bodyHtml: string;
  url: string;
  fileId: string;
  required: boolean;
  estimatedMinutes: string;
}

export function readLessonForm(body: Record<string, unknown>): LessonForm {
  return {
    kind: str(body.kind),
    title: str(body.title),
    bodyHtml: str(body.bodyHtml),
    url: str(body.url).trim(),
    fileId: str(body.fileId).trim(),
    required: checked(body.required),
    estimatedMinutes: str(body.estimatedMinutes).trim(),
  };
}

export function lessonFormBody(form: LessonForm, mode: 'create' | 'update'): Record<string, unknown> {
  const none = mode === 'create' ? undefined : null;
  return {
    kind: form.kind,
    title: form.title,
    bodyHtml: form.bodyHtml,
    url: form.url === '' ? none : form.url,
    fileId: form.fileId === '' ? none : form.fileId,
    required: form.required,
    estimatedMinutes: form.estimatedMinutes === '' ? none : form.estimatedMinutes,
  };
}

export const lessonForm = (l: LessonResponse): LessonForm => ({
  kind: l.kind,
  title: l.title,
  bodyHtml: l.bodyHtml,
  url: l.url ?? '',
  fileId: l.fileId ?? '',
  required: l.required,
  estimatedMinutes: l.estimatedMinutes === null ? '' : String(l.estimatedMinutes),
});

// ---- view models ----

export interface UnitOption {
  id: string;
  name: string;
  code: string;
  depth: number;
}

/** field → the problem shown beside it, for the fields that have one. */
function errorsOf(fields: string[], error: (field: string) => string | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const reason = error(field);
    if (reason) errors[field] = reason;
  }
  return errors;
}

const statusKey = (s: CourseStatus): string => `author.status.${s}`;

const humanSize = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
};

function courseFields(lang: Lang, form: CourseForm, units: UnitOption[], problems: FieldProblem[]) {
  const error = (field: string): string | undefined => {
    const p = problems.find((x) => x.field === field);
    return p ? problemReason(lang, field, p.reason) : undefined;
  };
  const tags = (kind: 'area' | 'convention') =>
    TOPIC_TAGS.filter((t) => t.kind === kind).map((t) => ({
      code: t.code,
      label: topicTagLabel(t.code, lang),
      checked: form.tags.includes(t.code),
    }));
  return {
    ...form,
    languages: ['vi', 'en'].map((value) => ({
      value,
      key: `author.lang.${value}`,
      selected: form.language === value,
    })),
    areas: tags('area'),
    conventions: tags('convention'),
    units: units.map((u) => ({
      ...u,
      indent: u.depth > 0 ? '— ' : '',
      selected: u.id === form.ownerUnitId,
    })),
    errors: errorsOf(['code', 'title', 'summary', 'language', 'tags', 'estimatedMinutes', 'ownerUnitId'], error),
  };
}

export function courseListModel(o: {
  lang: Lang;
  q?: string;
  status?: CourseStatus;
  page: { number: number; items: CourseResponse[]; total: number };
  form: CourseForm;
  units: UnitOption[];
  problems?: FieldProblem[];
}): Record<string, unknown> {
  const problems = o.problems ?? [];
  const last = Math.max(1, Math.ceil(o.page.total / PAGE_SIZE));
  const href = (page: number) =>
    `/authoring/courses${queryString({ q: o.q, status: o.status, page: page > 1 ? page : undefined })}`;
  return {
    title: translate(o.lang, 'author.title'),
    q: o.q ?? '',
    statuses: COURSE_STATUSES.map((value) => ({ value, key: statusKey(value), selected: value === o.status })),
    page: {
      number: o.page.number,
      last,
      total: o.page.total,
      items: o.page.items.map((c) => ({
        ...c,
        statusKey: statusKey(c.status),
        href: `/authoring/courses/${c.id}`,
        updated: c.updatedAt,
      })),
      prevHref: o.page.number > 1 ? href(o.page.number - 1) : undefined,
      nextHref: o.page.number < last ? href(o.page.number + 1) : undefined,
    },
    form: courseFields(o.lang, o.form, o.units, problems),
    problems: showProblems(o.lang, problems),
  };
}

const fileOptions = (files: CourseFileResponse[], selected: string) =>
  files.map((f) => ({ id: f.id, name: f.originalName, type: f.contentType, selected: f.id === selected }));

export function courseEditorModel(o: {
  lang: Lang;
  course: CourseDetailResponse;
  versions: CourseVersionResponse[];
  units: UnitOption[];
  form?: CourseForm;
  problems?: FieldProblem[];
  problemStatus?: number;
  done?: string;
}): Record<string, unknown> {
  const { course, lang } = o;
  const problems = o.problems ?? [];
  const modules = course.modules.map((m, mi) => ({
    ...m,
    first: mi === 0,
    last: mi === course.modules.length - 1,
    lessons: m.lessons.map((l, li) => ({
      ...l,
      kindKey: `author.kind.${l.kind}`,
      first: li === 0,
      last: li === m.lessons.length - 1,
      href: `/authoring/lessons/${l.id}`,
    })),
  }));
  return {
    title: course.title,
    course: { ...course, statusKey: statusKey(course.status) },
    doneKey: o.done ? `author.done.${o.done}` : undefined,
    codeLocked: course.publishedVersionId !== null,
    form: courseFields(lang, o.form ?? courseForm(course), o.units, problems),
    modules,
    kinds: LESSON_KINDS.map((value) => ({ value, key: `author.kind.${value}` })),
    fileChoices: fileOptions(course.files, ''),
    files: course.files.map((f) => ({ ...f, size: humanSize(f.sizeBytes) })),
    versions: o.versions.map((v) => ({ ...v, stateKey: `author.state.${v.state}` })),
    canPublish: course.draftVersionId !== null || course.status === 'archived',
    republish: course.draftVersionId === null && course.status === 'archived',
    canArchive: course.status !== 'archived',
    fileProblem: problems.find((p) => p.field === 'file')
      ? problemReason(lang, 'file', problems.find((p) => p.field === 'file')!.reason, o.problemStatus)
      : undefined,
    problems: showProblems(lang, problems, o.problemStatus),
  };
}

export function lessonEditorModel(o: {
  lang: Lang;
  lesson: LessonResponse;
  course: CourseDetailResponse;
  form?: LessonForm;
  problems?: FieldProblem[];
  problemStatus?: number;
  done?: string;
}): Record<string, unknown> {
  const { lesson, course, lang } = o;
  const problems = o.problems ?? [];
  const form = o.form ?? lessonForm(lesson);
  const error = (field: string): string | undefined => {
    const p = problems.find((x) => x.field === field);
    return p ? problemReason(lang, field, p.reason, o.problemStatus) : undefined;
  };
  const module = course.modules.find((m) => m.id === lesson.moduleId);
  const state =
    lesson.versionId === course.draftVersionId
      ? 'draft'
      : lesson.versionId === course.publishedVersionId
        ? 'published'
        : 'old';
  return {
    title: lesson.title,
    lesson: { ...lesson, kindKey: `author.kind.${lesson.kind}` },
    course: { id: course.id, title: course.title, code: course.code },
    moduleTitle: module?.title,
    notDraft: state === 'published',
    old: state === 'old',
    doneKey: o.done ? `author.done.${o.done}` : undefined,
    form: {
      ...form,
      kinds: LESSON_KINDS.map((value) => ({ value, key: `author.kind.${value}`, selected: form.kind === value })),
      files: fileOptions(course.files, form.fileId),
      errors: errorsOf(['kind', 'title', 'bodyHtml', 'url', 'fileId', 'estimatedMinutes', 'file'], error),
    },
    preview: sanitizeLessonHtml(lesson.bodyHtml),
    file: lesson.file ? { ...lesson.file, size: humanSize(lesson.file.sizeBytes) } : undefined,
    problems: showProblems(lang, problems, o.problemStatus, { title: 'author.f.lessonTitle' }),
  };
}
