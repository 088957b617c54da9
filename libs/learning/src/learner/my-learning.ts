import type { MyEnrolmentItem, MyLearningResponse } from './dto/learner.dto';

/** A row of the learner's enrolments before grouping (overdue is worked out here). */
export type MyEnrolmentRow = Omit<MyEnrolmentItem, 'overdue'>;

const byTitle = (a: MyEnrolmentRow, b: MyEnrolmentRow): number => a.title.localeCompare(b.title, 'vi');
const desc = (a: string | null, b: string | null): number => (b ?? '').localeCompare(a ?? '');

/**
 * "My learning": assigned courses not yet completed (soonest due date first, overdue flagged), other courses in
 * progress or not started (most recent activity first), and completed ones (most recently completed first).
 */
export function groupMyLearning(rows: MyEnrolmentRow[], today: string): MyLearningResponse {
  const items: MyEnrolmentItem[] = rows.map((r) => ({
    ...r,
    overdue: r.completedAt === null && r.dueDate !== null && r.dueDate < today,
  }));
  const open = items.filter((i) => i.completedAt === null);
  return {
    assigned: open
      .filter((i) => i.dueDate !== null)
      .sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? '') || byTitle(a, b)),
    inProgress: open
      .filter((i) => i.dueDate === null)
      .sort((a, b) => desc(a.lastActivityAt ?? a.enrolledAt, b.lastActivityAt ?? b.enrolledAt) || byTitle(a, b)),
    completed: items
      .filter((i) => i.completedAt !== null)
      .sort((a, b) => desc(a.completedAt, b.completedAt) || byTitle(a, b)),
  };
}
