import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, Matches } from 'class-validator';
import { toCleanLine } from '@app/common';
import type { AnswerResponse } from '../../grading/grade';
import type { QuestionType } from '../../questions/question-model';
import type { AttemptStatus } from '../attempt.repository';

/** One answer: `selected` option keys for choice questions (none: no answer), or `text` for a short answer. */
export class SaveAnswerDto {
  @ApiPropertyOptional({ type: [String], example: ['b'], description: 'choice questions: the chosen option keys' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9_-]{1,20}$/, { each: true, message: 'selected must hold option keys' })
  selected?: string[];

  @ApiPropertyOptional({ example: 'Hội đồng Nhân quyền', description: 'short answer: the typed text' })
  @IsOptional()
  @Transform(toCleanLine)
  @IsString()
  @Length(0, 500)
  text?: string;
}

/** A question as the learner sees it during an attempt: no fractions, correct flags, feedback or explanation. */
export interface PaperQuestionResponse {
  questionVersionId: string;
  position: number;
  type: QuestionType;
  stem: string;
  /** In the order drawn for this attempt. Empty for a short answer. */
  options: Array<{ key: string; text: string }>;
  answer: AnswerResponse | null;
  savedAt: string | null;
}

/** A question in the review, once the exam's review policy allows it. */
export interface ReviewQuestionResponse {
  questionVersionId: string;
  score: number;
  options: Array<{ key: string; text: string; fraction: number; feedback: string | null }>;
  acceptedAnswers: Array<{ text: string; fraction: number }> | null;
  explanation: string | null;
}

export interface AttemptResultResponse {
  score: number;
  maxScore: number;
  percent: number;
  passPercent: number;
  passed: boolean;
  /** Correct answers and explanations; null while the review policy does not allow them. */
  review: ReviewQuestionResponse[] | null;
  /** When the review opens (policy after_close), if it has not yet. */
  reviewOpensAt: string | null;
}

export interface AttemptResponse {
  id: string;
  examId: string;
  examTitle: string;
  attemptNo: number;
  status: AttemptStatus;
  startedAt: string;
  deadlineAt: string;
  /** From the server's clock; 0 once the deadline has passed. */
  remainingSeconds: number;
  submittedAt: string | null;
  questions: PaperQuestionResponse[];
  /** Null while the attempt is in progress. */
  result: AttemptResultResponse | null;
}

export interface SavedAnswerResponse {
  questionVersionId: string;
  answer: AnswerResponse;
  savedAt: string;
  remainingSeconds: number;
}
