import { groupMyLearning, learningState, MyEnrolmentRow } from './my-learning';

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
  it('puts every enrolment in exactly one group by its state; assigned courses in the group of their state', () => {
    const later = row({ title: 'Later', source: 'assignment', dueDate: '2026-06-30' });
    const overdue = row({ title: 'Overdue', source: 'assignment', dueDate: '2026-02-01' });
    // An assigned course at 28%: in progress, with its due date (issue 18 item 6: not only under "assigned").
    const assignedStarted = row({
      title: 'Assigned started',
      source: 'assignment',
      dueDate: '2026-04-30',
      startedAt: '2026-03-01T00:00:00.000Z',
      progressPercent: 28,
      lastActivityAt: '2026-03-02T00:00:00.000Z',
    });
    const old = row({
      title: 'Old',
      startedAt: '2026-01-02T00:00:00.000Z',
      lastActivityAt: '2026-01-05T00:00:00.000Z',
    });
    const recent = row({
      title: 'Recent',
      startedAt: '2026-02-01T00:00:00.000Z',
      lastActivityAt: '2026-03-01T00:00:00.000Z',
    });
    // Progress without a start time (an imported completion of a lesson) still counts as started.
    const progressed = row({ title: 'Progressed', progressPercent: 10, enrolledAt: '2026-02-15T00:00:00.000Z' });
    const fresh = row({ title: 'Fresh', enrolledAt: '2026-02-01T00:00:00.000Z' });
    const doneFirst = row({ title: 'Done first', completedAt: '2026-01-10T00:00:00.000Z', progressPercent: 100 });
    const doneLate = row({
      title: 'Done late',
      completedAt: '2026-03-10T00:00:00.000Z',
      dueDate: '2026-02-01',
      source: 'assignment',
    });
    const all = [later, old, doneFirst, overdue, recent, doneLate, fresh, assignedStarted, progressed];
    const g = groupMyLearning(all, '2026-03-15');
    expect(g.inProgress.map((i) => i.title)).toEqual(['Assigned started', 'Recent', 'Progressed', 'Old']);
    expect(g.notStarted.map((i) => [i.title, i.overdue])).toEqual([
      ['Overdue', true],
      ['Later', false],
      ['Fresh', false],
    ]);
    expect(g.completed.map((i) => [i.title, i.overdue])).toEqual([
      ['Done late', false],
      ['Done first', false],
    ]);
    expect(g.inProgress.length + g.notStarted.length + g.completed.length).toBe(all.length);
  });

  it('does not flag a course due today as overdue', () => {
    const g = groupMyLearning([row({ dueDate: '2026-03-15', source: 'assignment' })], '2026-03-15');
    expect(g.notStarted[0].overdue).toBe(false);
  });
});

describe(learningState.name, () => {
  it('is completed once completed, in progress once started or with progress, else not started', () => {
    expect(learningState({ completedAt: '2026-01-01', startedAt: null, progressPercent: 0 })).toBe('completed');
    expect(learningState({ completedAt: null, startedAt: '2026-01-01', progressPercent: 0 })).toBe('in_progress');
    expect(learningState({ completedAt: null, startedAt: null, progressPercent: 1 })).toBe('in_progress');
    expect(learningState({ completedAt: null, startedAt: null, progressPercent: 0 })).toBe('not_started');
  });
});
