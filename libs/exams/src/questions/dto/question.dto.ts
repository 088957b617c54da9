import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto, toCleanLine, toCleanMultiline } from '@app/common';
import { TOPIC_TAG_CODES } from '@app/learning';
import {
  DIFFICULTIES,
  Difficulty,
  QUESTION_TYPES,
  QuestionOption,
  QuestionType,
  ShortAnswerRule,
} from '../question-model';
import { MAX_ACCEPTED_ANSWERS, MAX_OPTIONS, QUESTION_LIMITS as L } from '../question-rules';

const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_: object, v: unknown) => v !== undefined);
const uniqueTopics = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value)
    ? [...new Set((value as unknown[]).map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v)))]
    : value;

export class QuestionOptionDto {
  @ApiProperty({ example: 'a', description: '1–20 letters, digits, "_" or "-"; unique within the question' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,20}$/, { message: 'key must be 1–20 letters, digits, "_" or "-"' })
  key!: string;

  @ApiProperty({ example: 'Ngày 10 tháng 12' })
  @Transform(toCleanMultiline)
  @IsString()
  @Length(1, L.optionText)
  text!: string;

  @ApiProperty({ minimum: -1, maximum: 1, description: "credit for choosing it, as Moodle's fraction of the mark" })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 5 })
  @Min(-1)
  @Max(1)
  fraction!: number;

  @ApiPropertyOptional({ description: 'shown in the review when the policy allows' })
  @IsOptional()
  @Transform(toCleanMultiline)
  @IsString()
  @Length(0, L.feedback)
  feedback?: string | null;
}

export class AcceptedAnswerDto {
  @ApiProperty({ example: 'Hội đồng Nhân quyền' })
  @Transform(toCleanLine)
  @IsString()
  @Length(1, L.acceptedAnswerText)
  text!: string;

  @ApiProperty({ exclusiveMinimum: true, minimum: 0, maximum: 1, description: 'above 0 (question-rules.ts)' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 5 })
  @Min(0)
  @Max(1)
  fraction!: number;
}

export class ShortAnswerRuleDto {
  @ApiProperty({ type: [AcceptedAnswerDto], description: '`*` matches any run of characters (as in Moodle)' })
  @IsArray()
  @ArrayMaxSize(MAX_ACCEPTED_ANSWERS)
  @ValidateNested({ each: true })
  @Type(() => AcceptedAnswerDto)
  accepted!: AcceptedAnswerDto[];

  @ApiPropertyOptional({ default: false, description: 'also ignore diacritics (case and spaces always are)' })
  @IsOptional()
  @IsBoolean()
  ignoreDiacritics?: boolean;
}

/** The optional parts of a question; the rules between fields are checked by the service (400 naming them). */
class QuestionFieldsDto {
  @ApiPropertyOptional({ type: [QuestionOptionDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_OPTIONS)
  @ValidateNested({ each: true })
  @Type(() => QuestionOptionDto)
  options?: QuestionOptionDto[];

  @ApiPropertyOptional({ type: ShortAnswerRuleDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ShortAnswerRuleDto)
  shortAnswer?: ShortAnswerRuleDto | null;

  @ApiPropertyOptional({ type: [String], enum: TOPIC_TAG_CODES })
  @IsOptionalNotNull()
  @Transform(uniqueTopics)
  @IsArray()
  @ArrayMaxSize(TOPIC_TAG_CODES.length)
  @IsIn(TOPIC_TAG_CODES, { each: true, message: 'topics must come from the catalogue' })
  topics?: string[];

  @ApiPropertyOptional({ enum: DIFFICULTIES, nullable: true })
  @IsOptional()
  @IsIn(DIFFICULTIES)
  difficulty?: Difficulty | null;

  @ApiPropertyOptional({ nullable: true, description: 'shown in the review when the policy allows' })
  @IsOptional()
  @Transform(toCleanMultiline)
  @IsString()
  @Length(0, L.explanation)
  explanation?: string | null;

  @ApiPropertyOptional({ description: 'other courses of the same owner unit may draw it in their exams' })
  @IsOptionalNotNull()
  @IsBoolean()
  shared?: boolean;
}

export class CreateQuestionDto extends QuestionFieldsDto {
  @ApiProperty({ description: 'unique in the course bank, ignoring case' })
  @Transform(toCleanLine)
  @IsString()
  @Length(1, L.name)
  name!: string;

  @ApiProperty({ enum: QUESTION_TYPES })
  @IsIn(QUESTION_TYPES)
  type!: QuestionType;

  @ApiProperty()
  @Transform(toCleanMultiline)
  @IsString()
  @Length(1, L.stem)
  stem!: string;
}

/**
 * Any part of a question. A change of content on a version already drawn into an attempt makes a new version
 * (past papers keep theirs); otherwise the current version changes in place. Name and `shared` are not versioned.
 */
export class UpdateQuestionDto extends QuestionFieldsDto {
  @ApiPropertyOptional({ description: 'unique in the course bank, ignoring case' })
  @IsOptionalNotNull()
  @Transform(toCleanLine)
  @IsString()
  @Length(1, L.name)
  name?: string;

  @ApiPropertyOptional({ enum: QUESTION_TYPES })
  @IsOptionalNotNull()
  @IsIn(QUESTION_TYPES)
  type?: QuestionType;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(toCleanMultiline)
  @IsString()
  @Length(1, L.stem)
  stem?: string;

  @ApiPropertyOptional({ description: 'archived questions are no longer drawn (past papers keep them)' })
  @IsOptionalNotNull()
  @IsBoolean()
  archived?: boolean;
}

export class ListQuestionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TOPIC_TAG_CODES })
  @IsOptional()
  @IsIn(TOPIC_TAG_CODES)
  topic?: string;
}

/** A question as its authors see it: the current version, with the answer key. Never sent to learners. */
export interface QuestionResponse {
  id: string;
  /** The course whose bank holds it; `shared`: the exams of the other courses of its owner unit may draw it. */
  courseId: string;
  name: string;
  shared: boolean;
  archived: boolean;
  versionId: string;
  versionNo: number;
  type: QuestionType;
  stem: string;
  options: QuestionOption[];
  shortAnswer: ShortAnswerRule | null;
  topics: string[];
  difficulty: Difficulty | null;
  explanation: string | null;
  updatedAt: string;
}
