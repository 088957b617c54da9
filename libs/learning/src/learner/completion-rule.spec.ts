import { CompletionFacts, evaluateCompletion } from './completion-rule';

const facts = (f: Partial<CompletionFacts>): CompletionFacts => ({
  requiredLessons: 4,
  doneRequiredLessons: 0,
  finalExam: false,
  examPassed: false,
  started: true,
  ...f,
});

describe(evaluateCompletion.name, () => {
  it.each([
    [0, 0],
    [1, 25],
    [3, 75],
  ])('%i of 4 required lessons done → %i%%, not complete', (done, percent) => {
    expect(evaluateCompletion(facts({ doneRequiredLessons: done }))).toEqual({
      progressPercent: percent,
      complete: false,
    });
  });

  it('completes when every required lesson is done and there is no exam', () => {
    expect(evaluateCompletion(facts({ doneRequiredLessons: 4 }))).toEqual({ progressPercent: 100, complete: true });
  });

  it('floors the percentage (1 of 3 → 33, 2 of 3 → 66)', () => {
    expect(evaluateCompletion(facts({ requiredLessons: 3, doneRequiredLessons: 1 })).progressPercent).toBe(33);
    expect(evaluateCompletion(facts({ requiredLessons: 3, doneRequiredLessons: 2 })).progressPercent).toBe(66);
  });

  it('counts the final exam as one more item and needs it passed to complete', () => {
    expect(evaluateCompletion(facts({ doneRequiredLessons: 4, finalExam: true }))).toEqual({
      progressPercent: 80,
      complete: false,
    });
    expect(evaluateCompletion(facts({ doneRequiredLessons: 4, finalExam: true, examPassed: true }))).toEqual({
      progressPercent: 100,
      complete: true,
    });
    expect(evaluateCompletion(facts({ doneRequiredLessons: 2, finalExam: true, examPassed: true }))).toEqual({
      progressPercent: 60,
      complete: false,
    });
  });

  it('ignores a passed exam when the version has none', () => {
    expect(evaluateCompletion(facts({ doneRequiredLessons: 2, examPassed: true })).progressPercent).toBe(50);
  });

  it('never counts more done lessons than there are', () => {
    expect(evaluateCompletion(facts({ requiredLessons: 2, doneRequiredLessons: 5 }))).toEqual({
      progressPercent: 100,
      complete: true,
    });
  });

  it('completes a version with nothing required once started, not before', () => {
    expect(evaluateCompletion(facts({ requiredLessons: 0, started: false }))).toEqual({
      progressPercent: 0,
      complete: false,
    });
    expect(evaluateCompletion(facts({ requiredLessons: 0, started: true }))).toEqual({
      progressPercent: 100,
      complete: true,
    });
    expect(evaluateCompletion(facts({ requiredLessons: 0, finalExam: true, started: true }))).toEqual({
      progressPercent: 0,
      complete: false,
    });
  });
});
