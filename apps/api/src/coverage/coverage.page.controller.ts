import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '@app/common';
import { CoverageQueryDto, CoverageService } from '@app/coverage';
import { Policy } from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../http/auth';
import { langOf } from '../org-pages/org-pages.shared';
import { coverageDashboardModel } from './coverage.page.model';
import './coverage.messages';

/** /coverage: the organiser's and the agency's dashboard (the caller's scope unit by default; drill down by link). */
@ApiExcludeController()
@Controller('coverage')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.RosterRead)
export class CoveragePageController {
  constructor(private readonly coverage: CoverageService) {}

  @Get()
  async show(@CurrentActor() actor: Actor, @Query() query: CoverageQueryDto, @Res() res: Response): Promise<void> {
    const [data, trend] = await Promise.all([
      this.coverage.unitCoverage(actor, query),
      this.coverage.trend(actor, query),
    ]);
    res.render('coverage/dashboard', coverageDashboardModel(data, trend, langOf(res)));
  }
}
