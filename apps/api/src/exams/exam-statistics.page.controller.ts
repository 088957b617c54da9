import { Controller, Get, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '@app/common';
import { QuestionStatsService } from '@app/exams';
import { AUTHORS } from '@app/learning';
import { CurrentActor, PermissionGuard, RequirePermission, WebSessionGuard } from '../http/auth';
import { uuidParam } from '../http/validation';
import { langOf } from '../web/page-helpers';
import { statisticsModel } from './exam-statistics.page.model';
import './exam-authoring.messages';
import './exams.messages';

/** /authoring/exams/:id/statistics: the question statistics, and a button that asks the job for a new run. */
@ApiExcludeController()
@Controller('authoring/exams/:id/statistics')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePermission(...AUTHORS)
export class ExamStatisticsPageController {
  constructor(private readonly stats: QuestionStatsService) {}

  @Get()
  async show(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    res.render('exams/authoring-statistics', statisticsModel(langOf(res), await this.stats.get(actor, id)));
  }

  @Post()
  async recompute(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    await this.stats.request(actor, id);
    res.redirect(303, `/authoring/exams/${id}/statistics?queued=1`);
  }
}
