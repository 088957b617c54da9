import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, Matches } from 'class-validator';
import { cleanLine, toCleanLine } from '@app/common';
import type { AnswerResponse } from '../../grading/grade';
import type { QuestionType } from '../../questions/question-model';
import type { AttemptStatus } from '../attempt.repository';

const OPTION_KEY = /^[A-Za-z0-9_-]{1,20}$/;
const MAX_SELECTED = 20;
const MAX_TEXT = 500;

/** One answer: `selected` option keys for choice questions (none: no answer), or `text` for a short answer. */
export class SaveAnswerDto {
  @ApiPropertyOptional({ type: [String], example: ['b'], description: 'choice questions: the chosen option keys' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SELECTED)
  @IsString({ each: true })
  @Matches(OPTION_KEY, { each: true, message: 'selected must hold option keys' })
  selected?: string[];

  @ApiPropertyOptional({ example: 'Hội đồng Nhân quyền', description: 'short answer: the typed text' })
  @IsOptional()
  @Transform(toCleanLine)
  @IsString()
  @Length(0, MAX_TEXT)
  text?: string;

  /**
   * The answer save is the hottest call (apps/api QuickParsing): a body the decorators above surely accept, as the
   * DTO they would give; null for anything else, which then goes through class-validator and its 400s.
   */
  static quickParse(value: unknown): SaveAnswerDto | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const body = value as Record<string, unknown>;
    if (Object.keys(body).some((key) => key !== 'selected' && key !== 'text')) return null;
    const dto = new SaveAnswerDto();
    const { selected, text } = body;
    if (selected !== undefined) {
      if (!Array.isArray(selected) || selected.length > MAX_SELECTED) return null;
      if (!selected.every((key) => typeof key === 'string' && OPTION_KEY.test(key))) return null;
      dto.selected = [...(selected as string[])];
    }
    if (text !== undefined) {
      if (typeof text !== 'string') return null;
      dto.text = cleanLine(text);
      // Code units: never more than the characters Length counts.
      if (dto.text.length > MAX_TEXT) return null;
    }
    return dto;
  }
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
