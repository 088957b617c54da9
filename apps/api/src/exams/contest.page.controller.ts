import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, PERMISSIONS } from '@app/common';
import { ContestsService } from '@app/exams';
import { CurrentActor, PermissionGuard, RequirePermission, WebSessionGuard } from '../http/auth';
import { uuidParam } from '../http/validation';
import { langOf, PageNumberQueryDto } from '../web/page-helpers';
import { contestListModel, LEADERBOARD_PAGE_SIZE, leaderboardModel } from './contest.page.model';
import './exams.messages';

/** /contests (the contests open to the learner) and /contests/:examId (the leaderboards). */
@ApiExcludeController()
@Controller('contests')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class ContestPageController {
  constructor(private readonly contests: ContestsService) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    res.render('exams/contests', contestListModel(langOf(res), await this.contests.openToViewer(actor)));
  }

  @Get(':examId')
  async leaderboard(
    @CurrentActor() actor: Actor,
    @Param('examId', uuidParam('examId')) examId: string,
    @Query() query: PageNumberQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const page = query.page ?? 1;
    const board = await this.contests.leaderboard(actor, examId, {
      limit: LEADERBOARD_PAGE_SIZE,
      offset: (page - 1) * LEADERBOARD_PAGE_SIZE,
    });
    res.render('exams/leaderboard', leaderboardModel(langOf(res), board, page));
  }
}
