import { groupMyLearning, MyEnrolmentRow } from './my-learning';

let n = 0;
const row = (r: Partial<MyEnrolmentRow>): MyEnrolmentRow => ({
  enrolmentId: `e${++n}`,
  courseId: `c${n}`,
  code: `C${n}`,
  title: `Khoá ${n}`,
  versionNo: 1,
  source: 'self',
  enrolledAt: '2026-01-01T00:00:00.000Z',
  dueDate: null,
  startedAt: null,
  completedAt: null,
  progressPercent: 0,
  lastActivityAt: null,
  lastLessonId: null,
  ...r,
});

describe(groupMyLearning.name, () => {
  it('groups assigned (by due date, overdue flagged), in progress (latest activity first) and completed', () => {
    const later = row({ title: 'Later', source: 'assignment', dueDate: '2026-06-30' });
    const overdue = row({ title: 'Overdue', source: 'assignment', dueDate: '2026-02-01' });
    const old = row({ title: 'Old', lastActivityAt: '2026-01-05T00:00:00.000Z' });
    const recent = row({ title: 'Recent', lastActivityAt: '2026-03-01T00:00:00.000Z' });
    const fresh = row({ title: 'Fresh', enrolledAt: '2026-02-01T00:00:00.000Z' });
    const doneFirst = row({ title: 'Done first', completedAt: '2026-01-10T00:00:00.000Z', progressPercent: 100 });
    const doneLate = row({
      title: 'Done late',
      completedAt: '2026-03-10T00:00:00.000Z',
      dueDate: '2026-02-01',
      source: 'assignment',
    });
    const g = groupMyLearning([later, old, doneFirst, overdue, recent, doneLate, fresh], '2026-03-15');
    expect(g.assigned.map((i) => [i.title, i.overdue])).toEqual([
      ['Overdue', true],
      ['Later', false],
    ]);
    expect(g.inProgress.map((i) => i.title)).toEqual(['Recent', 'Fresh', 'Old']);
    expect(g.completed.map((i) => [i.title, i.overdue])).toEqual([
      ['Done late', false],
      ['Done first', false],
    ]);
  });

  it('does not flag a course due today as overdue', () => {
    const g = groupMyLearning([row({ dueDate: '2026-03-15', source: 'assignment' })], '2026-03-15');
    expect(g.assigned[0].overdue).toBe(false);
  });
});
