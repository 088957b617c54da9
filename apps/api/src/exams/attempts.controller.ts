import { Body, Controller, Get, HttpCode, Param, Post, Put, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, PERMISSIONS } from '@app/common';
import { AttemptResponse, AttemptsService, SaveAnswerDto, SavedAnswerResponse } from '@app/exams';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePermission } from '../http/auth';
import { uuidParam } from '../http/validation';

/**
 * Sitting an exam. Any account linked to a person on the roster (else 403); final and practice exams need an
 * enrolment in the course (403). Someone else's attempt answers 403. Times come from the server. While an attempt
 * is in progress no response carries the answer key; afterwards the result shows it only as the review policy allows.
 */
@ApiTags('exams: attempts')
@ApiBearerAuth()
@Controller('api/v1')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class AttemptsController {
  constructor(private readonly attempts: AttemptsService) {}

  /**
   * Starts an attempt (201), or returns the one in progress (200). 409 when the exam is not open yet or has closed,
   * no attempts are left, or the bank cannot fill a paper.
   */
  @Post('exams/:examId/attempts')
  async start(
    @CurrentActor() actor: Actor,
    @Param('examId', uuidParam('examId')) examId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AttemptResponse> {
    const result = await this.attempts.start(actor, examId);
    res.status(result.created ? 201 : 200);
    return result.attempt;
  }

  /** The paper with the saved answers and the remaining time; the result once graded (past the deadline it is). */
  @Get('attempts/:attemptId')
  get(
    @CurrentActor() actor: Actor,
    @Param('attemptId', uuidParam('attemptId')) attemptId: string,
  ): Promise<AttemptResponse> {
    return this.attempts.get(actor, attemptId);
  }

  /** Saves one answer (idempotent). 409 after the deadline or once submitted; 404 for a question not on the paper. */
  @Put('attempts/:attemptId/answers/:questionVersionId')
  saveAnswer(
    @CurrentActor() actor: Actor,
    @Param('attemptId', uuidParam('attemptId')) attemptId: string,
    @Param('questionVersionId', uuidParam('questionVersionId')) questionVersionId: string,
    @Body() dto: SaveAnswerDto,
  ): Promise<SavedAnswerResponse> {
    return this.attempts.saveAnswer(actor, attemptId, questionVersionId, dto);
  }

  /** Submits and grades; a second or concurrent submit returns the same result. */
  @Post('attempts/:attemptId/submit')
  @HttpCode(200)
  submit(
    @CurrentActor() actor: Actor,
    @Param('attemptId', uuidParam('attemptId')) attemptId: string,
  ): Promise<AttemptResponse> {
    return this.attempts.submit(actor, attemptId);
  }
}
