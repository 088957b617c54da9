/** A lesson of a version in course order, with whether the learner has done it. */
export interface OutlineLesson {
  id: string;
  done: boolean;
}

/**
 * Where "continue" leads: the last lesson opened if it is not done yet, else the next lesson after it that is not
 * done, else the first lesson not done; the first lesson before anything was opened; the last opened when all are done.
 */
export function continueLessonId(lessons: OutlineLesson[], lastLessonId: string | null): string | null {
  if (lessons.length === 0) return null;
  const lastIndex = lastLessonId ? lessons.findIndex((l) => l.id === lastLessonId) : -1;
  if (lastIndex < 0) return (lessons.find((l) => !l.done) ?? lessons[0]).id;
  if (!lessons[lastIndex].done) return lessons[lastIndex].id;
  const after = lessons.slice(lastIndex + 1).find((l) => !l.done);
  return (after ?? lessons.find((l) => !l.done) ?? lessons[lastIndex]).id;
}

/** The lessons before and after one in course order (null at either end or when it is not in the list). */
export function neighbours(
  lessons: Array<{ id: string }>,
  lessonId: string,
): { previousId: string | null; nextId: string | null } {
  const i = lessons.findIndex((l) => l.id === lessonId);
  if (i < 0) return { previousId: null, nextId: null };
  return { previousId: lessons[i - 1]?.id ?? null, nextId: lessons[i + 1]?.id ?? null };
}
