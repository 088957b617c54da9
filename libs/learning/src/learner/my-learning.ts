import type { MyEnrolmentItem, MyLearningResponse } from './dto/learner.dto';

/** A row of the learner's enrolments before grouping (overdue is worked out here). */
export type MyEnrolmentRow = Omit<MyEnrolmentItem, 'overdue'>;

const byTitle = (a: MyEnrolmentRow, b: MyEnrolmentRow): number => a.title.localeCompare(b.title, 'vi');
const desc = (a: string | null, b: string | null): number => (b ?? '').localeCompare(a ?? '');

/** One definition of a course's state for the learner, used by "my learning", the profile and the course page. */
export type LearningState = 'not_started' | 'in_progress' | 'completed';

export const learningState = (
  i: Pick<MyEnrolmentRow, 'completedAt' | 'startedAt' | 'progressPercent'>,
): LearningState =>
  i.completedAt !== null ? 'completed' : i.startedAt !== null || i.progressPercent > 0 ? 'in_progress' : 'not_started';

/** Due dates first (soonest first), then the rest. */
const byDue = (a: MyEnrolmentItem, b: MyEnrolmentItem): number =>
  a.dueDate === b.dueDate ? 0 : a.dueDate === null ? 1 : b.dueDate === null ? -1 : a.dueDate.localeCompare(b.dueDate);

/**
 * "My learning": every enrolment in exactly one group by its state (learningState): in progress (courses with a due
 * date first, soonest first, then the most recent activity), not started (due dates first, then the most recent
 * enrolment) and completed (most recently completed first). Assigned courses are in the group of their state, with
 * their due date and overdue flag; `assigned` counts them for the profile.
 */
export function groupMyLearning(rows: MyEnrolmentRow[], today: string): MyLearningResponse {
  const items: MyEnrolmentItem[] = rows.map((r) => ({
    ...r,
    overdue: r.completedAt === null && r.dueDate !== null && r.dueDate < today,
  }));
  const inState = (state: LearningState) => items.filter((i) => learningState(i) === state);
  return {
    inProgress: inState('in_progress').sort(
      (a, b) =>
        byDue(a, b) || desc(a.lastActivityAt ?? a.enrolledAt, b.lastActivityAt ?? b.enrolledAt) || byTitle(a, b),
    ),
    notStarted: inState('not_started').sort((a, b) => byDue(a, b) || desc(a.enrolledAt, b.enrolledAt) || byTitle(a, b)),
    completed: inState('completed').sort((a, b) => desc(a.completedAt, b.completedAt) || byTitle(a, b)),
  };
}
