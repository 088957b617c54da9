import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, PERMISSIONS } from '@app/common';
import { ContestsService, LeaderboardQueryDto, LeaderboardResponse, OpenContestResponse } from '@app/exams';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePermission } from '../http/auth';
import { uuidParam } from '../http/validation';

/**
 * Knowledge contests: an exam of kind 'contest' (created through the exams API) is open, without an enrolment, to
 * every person on the roster of its course's owner subtree; they start it as any exam (POST exams/:id/attempts),
 * each from their own staggered start. The leaderboards are for those people and the course's authors (404 to
 * anyone else).
 */
@ApiTags('exams: contests')
@ApiBearerAuth()
@Controller('api/v1')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class ContestsController {
  constructor(private readonly contests: ContestsService) {}

  /** The contests the caller may take part in, not closed yet (403 for an account with no person on the roster). */
  @Get('contests')
  open(@CurrentActor() actor: Actor): Promise<OpenContestResponse[]> {
    return this.contests.open(actor);
  }

  /**
   * People ranked by score then time taken (named as the contest sets; the caller's own row by name), and the units
   * under the owner unit by participation against their roster, then average score.
   */
  @Get('exams/:examId/leaderboard')
  leaderboard(
    @CurrentActor() actor: Actor,
    @Param('examId', uuidParam('examId')) examId: string,
    @Query() query: LeaderboardQueryDto,
  ): Promise<LeaderboardResponse> {
    return this.contests.leaderboard(actor, examId, query);
  }
}
