import { Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import { QuestionStatsRequested, QuestionStatsResponse, QuestionStatsService } from '@app/exams';
import { Policy } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../http/auth';
import { uuidParam } from '../http/validation';

/**
 * Question statistics of an exam (facility, discrimination, option choice counts over its graded attempts), for
 * whoever authors its course (404 to anyone else). Computed by a job: POST asks for a run, GET reads the last one.
 */
@ApiTags('exams: statistics')
@ApiBearerAuth()
@Controller('api/v1/exams/:examId/statistics')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePolicy(Policy.CourseAuthor)
export class ExamStatisticsController {
  constructor(private readonly stats: QuestionStatsService) {}

  @Get()
  get(
    @CurrentActor() actor: Actor,
    @Param('examId', uuidParam('examId')) examId: string,
  ): Promise<QuestionStatsResponse> {
    return this.stats.get(actor, examId);
  }

  /** 202 with the job (the same job while no attempt has been graded since the last request). */
  @Post()
  @HttpCode(202)
  request(
    @CurrentActor() actor: Actor,
    @Param('examId', uuidParam('examId')) examId: string,
  ): Promise<QuestionStatsRequested> {
    return this.stats.request(actor, examId);
  }
}
