import type { AttemptStatus } from '../../attempts/attempt.repository';
import type { AttemptRule } from './exam.dto';

/** One attempt in an exam's results, as its organisers see it. */
export interface ExamResultItem {
  attemptId: string;
  attemptNo: number;
  personId: string;
  fullName: string;
  unitName: string | null;
  status: AttemptStatus;
  /** Null while in progress. */
  score: number | null;
  maxScore: number | null;
  percent: number | null;
  passed: boolean | null;
  startedAt: string;
  submittedAt: string | null;
  /** This attempt is the person's result by the exam's attempt rule (one per person with a graded attempt). */
  counted: boolean;
}

export interface ExamResultsResponse {
  examId: string;
  title: string;
  attemptRule: AttemptRule;
  /** People in the caller's scopes with a graded attempt; those whose counted attempt passed; its average. */
  people: number;
  passed: number;
  averagePercent: number | null;
  /** Attempts listed (all of them, every status). */
  total: number;
  items: ExamResultItem[];
}
