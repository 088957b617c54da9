import type { QuestionType } from '../../questions/question-model';

export interface OptionStat {
  key: string;
  text: string;
  /** The option earns credit (fraction > 0). */
  right: boolean;
  chosen: number;
}

/** One question version of an exam's papers. */
export interface QuestionStat {
  questionVersionId: string;
  questionId: string;
  name: string;
  versionNo: number;
  type: QuestionType;
  stem: string;
  /** Papers it was on (graded attempts). */
  attempts: number;
  answered: number;
  /** Mean credit, 0–1 (1: everyone right). */
  facility: number;
  /** Correlation of the question's credit with the rest of the paper's score, −1–1; null when either is constant. */
  discrimination: number | null;
  options: OptionStat[];
}

export interface QuestionStatsResponse {
  examId: string;
  title: string;
  /** When the statistics were last computed (null: never). */
  computedAt: string | null;
  /** Graded attempts now (a new computation is worth asking for when it differs from the last). */
  gradedAttempts: number;
  questions: QuestionStat[];
}

/** The job that computes them (GET /api/v1/jobs/{jobId} for administrators; the statistics page otherwise). */
export interface QuestionStatsRequested {
  examId: string;
  jobId: string;
  status: string;
}
