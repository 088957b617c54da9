import type { AttemptStatus } from '../../attempts/attempt.repository';

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
}

export interface ExamResultsResponse {
  examId: string;
  title: string;
  total: number;
  items: ExamResultItem[];
}
