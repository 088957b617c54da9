import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { toCleanLine } from '@app/common';
import { TOPIC_TAG_CODES } from '@app/learning';

export const EXAM_KINDS = ['final', 'practice', 'contest'] as const;
export type ExamKind = (typeof EXAM_KINDS)[number];
export const DRAW_MODES = ['topics', 'fixed'] as const;
export type DrawMode = (typeof DRAW_MODES)[number];
export const ATTEMPT_RULES = ['best', 'last'] as const;
export type AttemptRule = (typeof ATTEMPT_RULES)[number];
/** score_only: never the answers; with_answers: after each attempt; after_close: once the exam has closed. */
export const REVIEW_POLICIES = ['score_only', 'with_answers', 'after_close'] as const;
export type ReviewPolicy = (typeof REVIEW_POLICIES)[number];
/** Contests: how people appear on the leaderboard (full name, initials, or not at all). */
export const LEADERBOARD_NAMES = ['full', 'initials', 'hidden'] as const;
export type LeaderboardNames = (typeof LEADERBOARD_NAMES)[number];
export const MAX_STAGGER_MINUTES = 240;
export const MAX_PAPER_QUESTIONS = 200;

const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_: object, v: unknown) => v !== undefined);
/** An instant with its offset (ISO 8601), between the years 1900 and 2199. */
const IsInstant = (): PropertyDecorator => (target: object, key: string | symbol) => {
  IsISO8601({ strict: true, strictSeparator: true })(target, key);
  Matches(/^(19|20|21)\d\d-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/, {
    message: `${String(key)} must be a date and time with its offset, e.g. 2026-01-31T08:00:00+07:00`,
  })(target, key);
};

export class DrawTopicDto {
  @ApiProperty({ enum: TOPIC_TAG_CODES })
  @IsIn(TOPIC_TAG_CODES, { message: 'topic must come from the catalogue' })
  topic!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_PAPER_QUESTIONS })
  @IsInt()
  @Min(1)
  @Max(MAX_PAPER_QUESTIONS)
  count!: number;
}

/** The exam settings that have a default (or may be left out) on create. */
class ExamOptionsDto {
  @ApiPropertyOptional({ type: [DrawTopicDto], description: 'how many questions to draw from each topic' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(TOPIC_TAG_CODES.length)
  @ValidateNested({ each: true })
  @Type(() => DrawTopicDto)
  drawTopics?: DrawTopicDto[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'the fixed list, in order' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_PAPER_QUESTIONS)
  @IsUUID('all', { each: true })
  questionIds?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 100, nullable: true, description: 'null: unlimited' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  attemptsAllowed?: number | null;

  @ApiPropertyOptional({ enum: ATTEMPT_RULES, description: "which attempt is the exam's result" })
  @IsOptionalNotNull()
  @IsIn(ATTEMPT_RULES)
  attemptRule?: AttemptRule;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNotNull()
  @IsBoolean()
  shuffleQuestions?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNotNull()
  @IsBoolean()
  shuffleOptions?: boolean;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-01-05T08:00:00+07:00',
    description: 'null: open now',
  })
  @IsOptional()
  @IsInstant()
  opensAt?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null: never closes; caps every deadline',
  })
  @IsOptional()
  @IsInstant()
  closesAt?: string | null;

  @ApiPropertyOptional({ enum: REVIEW_POLICIES, default: 'score_only' })
  @IsOptionalNotNull()
  @IsIn(REVIEW_POLICIES)
  reviewPolicy?: ReviewPolicy;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_STAGGER_MINUTES,
    default: 0,
    description: "contests: each participant's start is spread over this many minutes from opensAt",
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_STAGGER_MINUTES)
  staggerMinutes?: number;

  @ApiPropertyOptional({
    enum: LEADERBOARD_NAMES,
    default: 'initials',
    description: 'contests: names on the leaderboard',
  })
  @IsOptionalNotNull()
  @IsIn(LEADERBOARD_NAMES)
  leaderboardNames?: LeaderboardNames;
}

export class CreateExamDto extends ExamOptionsDto {
  @ApiProperty({ example: 'Bài kiểm tra cuối khoá' })
  @Transform(toCleanLine)
  @IsString()
  @Length(1, 300)
  title!: string;

  @ApiProperty({ enum: EXAM_KINDS, description: 'a course has at most one final exam' })
  @IsIn(EXAM_KINDS)
  kind!: ExamKind;

  @ApiProperty({ enum: DRAW_MODES, description: 'topics: drawTopics counts; fixed: the questionIds list' })
  @IsIn(DRAW_MODES)
  drawMode!: DrawMode;

  @ApiProperty({ minimum: 1, maximum: 1440 })
  @IsInt()
  @Min(1)
  @Max(1440)
  timeLimitMinutes!: number;

  @ApiProperty({ minimum: 0, maximum: 100, example: 70 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  passPercent!: number;
}

/** Any exam setting; what is left out stays as it is. */
export class UpdateExamDto extends ExamOptionsDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(toCleanLine)
  @IsString()
  @Length(1, 300)
  title?: string;

  @ApiPropertyOptional({ enum: EXAM_KINDS })
  @IsOptionalNotNull()
  @IsIn(EXAM_KINDS)
  kind?: ExamKind;

  @ApiPropertyOptional({ enum: DRAW_MODES })
  @IsOptionalNotNull()
  @IsIn(DRAW_MODES)
  drawMode?: DrawMode;

  @ApiPropertyOptional({ minimum: 1, maximum: 1440 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(1440)
  timeLimitMinutes?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IsOptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  passPercent?: number;
}

/** An exam as its authors see it. `shortfall`: topics the bank cannot fill yet (learners cannot start then). */
export interface ExamResponse {
  id: string;
  courseId: string;
  title: string;
  kind: ExamKind;
  drawMode: DrawMode;
  drawTopics: Array<{ topic: string; count: number }>;
  questionIds: string[];
  /** Questions on each paper. */
  questionCount: number;
  timeLimitMinutes: number;
  passPercent: number;
  attemptsAllowed: number | null;
  attemptRule: AttemptRule;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  opensAt: string | null;
  closesAt: string | null;
  reviewPolicy: ReviewPolicy;
  staggerMinutes: number;
  leaderboardNames: LeaderboardNames;
  shortfall: Array<{ topic: string; wanted: number; available: number }>;
  createdAt: string;
  updatedAt: string;
}
