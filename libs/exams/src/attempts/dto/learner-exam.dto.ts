import type { AttemptRule, ExamKind, ReviewPolicy } from '../../exams/dto/exam.dto';
import type { AttemptStatus } from '../attempt.repository';

/** One of the learner's own attempts, as the exam's start page lists it. */
export interface OwnAttemptResponse {
  id: string;
  attemptNo: number;
  status: AttemptStatus;
  startedAt: string;
  submittedAt: string | null;
  /** Null while in progress. */
  percent: number | null;
  passed: boolean | null;
}

/** An exam's rules and the learner's standing in it (the start page). No answer key. */
export interface LearnerExamResponse {
  id: string;
  courseId: string;
  title: string;
  kind: ExamKind;
  questionCount: number;
  timeLimitMinutes: number;
  passPercent: number;
  attemptsAllowed: number | null;
  attemptsUsed: number;
  /** Null: unlimited. */
  attemptsLeft: number | null;
  attemptRule: AttemptRule;
  opensAt: string | null;
  /** Contests with a staggered start: this person's own start time (the window opens for them then). */
  startsAt: string | null;
  closesAt: string | null;
  /** By the server's clock now (from the person's own start time in a staggered contest). */
  window: 'not_open' | 'open' | 'closed';
  reviewPolicy: ReviewPolicy;
  /** The attempt in progress (starting again returns it). */
  activeAttemptId: string | null;
  /** Whether POST exams/:id/attempts would start (or resume) an attempt now. */
  canStart: boolean;
  /** The exam's result by its attempt rule (attempt-rule.ts) is a pass. */
  passed: boolean;
  /** The exam's result by its attempt rule (best or last graded attempt), in percent; null before any. */
  resultPercent: number | null;
  /** Which attempt that result is; null before any is graded. */
  resultAttemptNo: number | null;
  /** A final exam under the 'last' rule already passed: no further attempt (it would replace the pass). */
  passedFinal: boolean;
  attempts: OwnAttemptResponse[];
}
