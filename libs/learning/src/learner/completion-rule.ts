/** What the completion rule needs to know about one enrolment. */
export interface CompletionFacts {
  /** Required lessons of the enrolment's version. */
  requiredLessons: number;
  /** Of those, the ones the learner has done. */
  doneRequiredLessons: number;
  /** The version ends with a final exam (course_version.final_exam). */
  finalExam: boolean;
  /** enrolment.exam_passed_at is set. */
  examPassed: boolean;
  /** The learner opened a lesson (enrolment.started_at is set). */
  started: boolean;
}

export interface CompletionState {
  /** 0–100, floored: 99.9% never shows as 100%. */
  progressPercent: number;
  complete: boolean;
}

/**
 * The completion rule of a course: every required lesson done and, when the version has a final exam, the exam
 * passed. The exam counts as one more item in the percentage. A version with nothing required completes once the
 * learner has started it (opened a lesson), never at enrolment.
 */
export function evaluateCompletion(f: CompletionFacts): CompletionState {
  const total = f.requiredLessons + (f.finalExam ? 1 : 0);
  const done = Math.min(f.doneRequiredLessons, f.requiredLessons) + (f.finalExam && f.examPassed ? 1 : 0);
  if (total === 0) {
    return f.started ? { progressPercent: 100, complete: true } : { progressPercent: 0, complete: false };
  }
  return { progressPercent: Math.floor((done * 100) / total), complete: done === total };
}
