import { Body, Controller, Get, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import {
  CreateExamDto,
  CreateQuestionDto,
  ExamResponse,
  ExamsService,
  ListQuestionsQueryDto,
  QuestionResponse,
  QuestionsService,
  UpdateExamDto,
  UpdateQuestionDto,
} from '@app/exams';
import { Policy } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../http/auth';
import { uuidParam } from '../http/validation';

/**
 * The question bank and the exams of a course, for whoever authors the course (administrators, organisers of the
 * owner unit's subtree); another subtree's course, question or exam answers 404.
 */
@ApiTags('exams: authoring')
@ApiBearerAuth()
@Controller('api/v1')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePolicy(Policy.CourseAuthor)
export class ExamAuthoringController {
  constructor(
    private readonly questions: QuestionsService,
    private readonly exams: ExamsService,
  ) {}

  /** The questions the course's exams may draw: its bank, then the shared questions of its owner unit's courses. */
  @Get('courses/:courseId/questions')
  listQuestions(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
    @Query() query: ListQuestionsQueryDto,
  ): Promise<{ items: QuestionResponse[]; total: number }> {
    return this.questions.list(actor, courseId, query);
  }

  /** A new question in the course's bank (version 1). */
  @Post('courses/:courseId/questions')
  createQuestion(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
    @Body() dto: CreateQuestionDto,
  ): Promise<QuestionResponse> {
    return this.questions.create(actor, courseId, dto);
  }

  @Get('questions/:questionId')
  getQuestion(
    @CurrentActor() actor: Actor,
    @Param('questionId', uuidParam('questionId')) questionId: string,
  ): Promise<QuestionResponse> {
    return this.questions.get(actor, questionId);
  }

  /** Edits a question; new content on a version already drawn into an attempt makes version n+1. */
  @Patch('questions/:questionId')
  updateQuestion(
    @CurrentActor() actor: Actor,
    @Param('questionId', uuidParam('questionId')) questionId: string,
    @Body() dto: UpdateQuestionDto,
  ): Promise<QuestionResponse> {
    return this.questions.update(actor, questionId, dto);
  }

  /** The course's exams, its final exam first. */
  @Get('courses/:courseId/exams')
  listExams(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
  ): Promise<ExamResponse[]> {
    return this.exams.list(actor, courseId);
  }

  /** A new exam of the course (409 for a second final exam). */
  @Post('courses/:courseId/exams')
  createExam(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
    @Body() dto: CreateExamDto,
  ): Promise<ExamResponse> {
    return this.exams.create(actor, courseId, dto);
  }

  @Get('exams/:examId')
  getExam(@CurrentActor() actor: Actor, @Param('examId', uuidParam('examId')) examId: string): Promise<ExamResponse> {
    return this.exams.get(actor, examId);
  }

  /** Edits the settings; attempts already started keep their paper, deadline and pass mark. */
  @Patch('exams/:examId')
  updateExam(
    @CurrentActor() actor: Actor,
    @Param('examId', uuidParam('examId')) examId: string,
    @Body() dto: UpdateExamDto,
  ): Promise<ExamResponse> {
    return this.exams.update(actor, examId, dto);
  }
}
