import {
  CatalogueItem,
  CatalogueResponse,
  LearnerCourseResponse,
  learningState,
  LearnerProfileResponse,
  LessonViewResponse,
  MyEnrolmentItem,
  MyLearningResponse,
  topicTagLabel,
  topicTagShort,
} from '@app/learning';
import { Lang, translate } from '../../web/i18n';

export const CATALOGUE_PAGE_SIZE = 20;
const CARD_TAGS = 3;

function cardTags(tags: string[], lang: Lang): string {
  const shown = tags.slice(0, CARD_TAGS).map((t) => topicTagShort(t, lang));
  const more = tags.length - shown.length;
  return more > 0
    ? `${shown.join(', ')} ${translate(lang, 'learn.catalogue.moreTags').replace('{n}', String(more))}`
    : shown.join(', ');
}
const SUMMARY_CHARS = 280;

/** "1 giờ 30 phút" / "1 h 30 min"; null when unknown. */
export function minutesText(lang: Lang, minutes: number | null): string | null {
  if (!minutes) return null;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const parts = [
    h ? `${h} ${translate(lang, 'learn.hours')}` : '',
    m ? `${m} ${translate(lang, 'learn.minutes')}` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

const short = (text: string): string => (text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS - 1)}…` : text);
const day = (iso: string | null): string | null => iso?.slice(0, 10) ?? null;
const bytesText = (n: number): string =>
  n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

/** A video's length as a player shows it: "30:00", "1:02:05". */
export function clockText(seconds: number): string {
  const total = Math.round(seconds);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

function href(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** The catalogue page: the search form as typed, the results, and paging that keeps the filters. */
export function catalogueModel(v: {
  lang: Lang;
  q?: string;
  tag?: string;
  page: number;
  result: CatalogueResponse;
  tags: string[];
}): Record<string, unknown> {
  const last = Math.max(1, Math.ceil(v.result.total / CATALOGUE_PAGE_SIZE));
  const pageHref = (n: number): string => href('/courses', { q: v.q, tag: v.tag, page: n > 1 ? n : undefined });
  return {
    title: translate(v.lang, 'learn.catalogue.title'),
    q: v.q ?? '',
    tags: v.tags.map((t) => ({ value: t, label: topicTagLabel(t, v.lang), selected: t === v.tag })),
    total: v.result.total,
    items: v.result.items.map((c: CatalogueItem) => ({
      id: c.id,
      title: c.title,
      summary: short(c.summary),
      minutes: minutesText(v.lang, c.estimatedMinutes),
      // Short names, at most CARD_TAGS of them and "+N" (issue 18 item 7: topics filled half a card on a phone).
      tags: cardTags(c.tags, v.lang),
      lang: c.language,
      enrolment: c.enrolment,
    })),
    prevHref: v.page > 1 ? pageHref(v.page - 1) : null,
    nextHref: v.page < last ? pageHref(v.page + 1) : null,
    page: v.page,
    last,
  };
}

/** The course page: summary, progress and the action that fits (enrol, log in, start, continue), the outline. */
export function courseModel(v: {
  lang: Lang;
  data: LearnerCourseResponse;
  loggedIn: boolean;
  today: string;
}): Record<string, unknown> {
  const { course, enrolment } = v.data;
  const enrolled = enrolment !== null;
  const lessonHref = (id: string): string => `/courses/${course.id}/lessons/${id}`;
  return {
    title: course.title,
    course: {
      ...course,
      tags: course.tags.map((t) => topicTagLabel(t, v.lang)),
      minutes: minutesText(v.lang, course.estimatedMinutes),
      languageKey: `learn.language.${course.language}`,
      archived: course.status === 'archived',
    },
    enrolment: enrolment
      ? {
          ...enrolment,
          completedOn: day(enrolment.completedAt),
          overdue: !enrolment.completedAt && !!enrolment.dueDate && enrolment.dueDate < v.today,
          examPending: course.finalExam && !enrolment.examPassedAt,
          examPassed: course.finalExam && !!enrolment.examPassedAt,
        }
      : null,
    continueHref: enrolled && v.data.continueLessonId ? lessonHref(v.data.continueLessonId) : null,
    // The exam pages (apps/api/src/exams) find the course's final exam.
    examHref: enrolled && course.finalExam ? `/courses/${course.id}/exam` : null,
    // The state of my learning (learningState), so the course page and "my learning" never disagree.
    continueKey: {
      not_started: 'learn.course.start',
      in_progress: 'learn.course.continue',
      completed: 'learn.course.review',
    }[enrolment ? learningState(enrolment) : 'not_started'],
    canEnrol: v.data.canEnrol,
    loginHref: href('/login', { next: `/courses/${course.id}` }),
    anonymous: !v.loggedIn,
    notLinked: v.loggedIn && !enrolled && !v.data.canEnrol,
    requiredLessons: v.data.requiredLessons,
    doneRequiredLessons: v.data.doneRequiredLessons,
    modules: v.data.modules.map((m) => ({
      ...m,
      lessons: m.lessons.map((l) => ({
        ...l,
        href: enrolled ? lessonHref(l.id) : null,
        kindKey: `learn.kind.${l.kind}`,
        minutes: minutesText(v.lang, l.estimatedMinutes),
      })),
    })),
  };
}

/** The lesson page: the content by kind, the done form or mark, previous/next, progress; `problem` from a 409. */
export function lessonModel(v: { lang: Lang; view: LessonViewResponse; problem?: string }): Record<string, unknown> {
  const { view } = v;
  const { lesson } = view;
  const base = `/courses/${view.courseId}`;
  const file = lesson.file ? { ...lesson.file, size: bytesText(lesson.file.sizeBytes) } : null;
  const uploadedVideo = lesson.kind === 'video' && file !== null;
  // 'watch': the server knows the file's duration and completes the lesson at 90% watched (no button). Any other
  // video (external, or a file whose duration could not be read) keeps the button, and the page says why.
  const watchToComplete = view.completion === 'watch';
  return {
    title: `${lesson.title} · ${view.courseTitle}`,
    courseHref: base,
    courseTitle: view.courseTitle,
    module: view.module,
    lesson: {
      ...lesson,
      kindKey: `learn.kind.${lesson.kind}`,
      minutes: minutesText(v.lang, lesson.estimatedMinutes),
      isText: lesson.kind === 'text',
      file,
    },
    uploadedVideo,
    watchToComplete,
    videoDuration: watchToComplete ? clockText(view.progress.videoDurationSeconds ?? 0) : null,
    videoDurationUnknown: lesson.kind === 'video' && !watchToComplete,
    externalVideo: lesson.kind === 'video' && !file && !!lesson.url,
    document: lesson.kind === 'document',
    link: lesson.kind === 'link',
    progress: view.progress,
    resumeSeconds: Math.floor(view.progress.videoPositionSeconds ?? 0),
    done: view.progress.completedAt !== null,
    doneAt: view.progress.completedAt?.replace('T', ' ').slice(0, 16) ?? null,
    completeAction: `${base}/lessons/${lesson.id}/completion`,
    videoProgressUrl: `${base}/lessons/${lesson.id}/video-progress`,
    previousHref: view.previousLessonId ? `${base}/lessons/${view.previousLessonId}` : null,
    nextHref: view.nextLessonId ? `${base}/lessons/${view.nextLessonId}` : null,
    index: view.index,
    lessonCount: view.lessonCount,
    percent: view.enrolmentProgressPercent,
    courseDone: view.courseCompletedAt !== null,
    problem: v.problem ?? null,
  };
}

const myItem = (i: MyEnrolmentItem) => ({
  ...i,
  href: `/courses/${i.courseId}`,
  completedOn: day(i.completedAt),
  lastActivity: day(i.lastActivityAt),
  continueHref: i.lastLessonId ? `/courses/${i.courseId}/lessons/${i.lastLessonId}` : `/courses/${i.courseId}`,
});

export function myLearningModel(lang: Lang, my: MyLearningResponse): Record<string, unknown> {
  return {
    title: translate(lang, 'learn.my.title'),
    inProgress: my.inProgress.map(myItem),
    notStarted: my.notStarted.map(myItem),
    completed: my.completed.map(myItem),
    empty: my.inProgress.length + my.notStarted.length + my.completed.length === 0,
  };
}

export function profileModel(lang: Lang, profile: LearnerProfileResponse): Record<string, unknown> {
  return {
    title: translate(lang, 'learn.profile.title'),
    account: profile.account,
    person: profile.person
      ? { ...profile.person, roles: profile.person.roles.map((r) => (lang === 'en' ? r.nameEn : r.nameVi)) }
      : null,
    learning: profile.learning,
  };
}
