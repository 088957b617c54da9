import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '@app/common';
import { CoverageService, TargetsService } from '@app/coverage';
import { Policy } from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../http/auth';
import { langOf } from '../web/page-helpers';
import { COVERAGE_LIST_SIZE, CoveragePageQueryDto } from './coverage.page.dto';
import { coverageDashboardModel, coverageListModel } from './coverage.page.model';
import './coverage.messages';

/**
 * /coverage: the organiser's and the agency's dashboard (the caller's scope unit by default; drill down by link), and
 * the lists behind its figures: /coverage/untrained and /coverage/trained (paged, the same unit, role and day).
 */
@ApiExcludeController()
@Controller('coverage')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.RosterRead)
export class CoveragePageController {
  constructor(
    private readonly coverage: CoverageService,
    private readonly targets: TargetsService,
  ) {}

  @Get()
  async show(@CurrentActor() actor: Actor, @Query() query: CoveragePageQueryDto, @Res() res: Response): Promise<void> {
    const q = { unitId: query.unitId, roleId: query.roleId, date: query.date, structure: query.structure };
    const [data, trend, targets] = await Promise.all([
      this.coverage.unitCoverage(actor, q),
      this.coverage.trend(actor, q),
      this.targets.list(actor),
    ]);
    const path = await this.coverage.breadcrumb(actor, data.unit, data.date);
    const sort = query.sort ?? 'name';
    res.render(
      'coverage/dashboard',
      coverageDashboardModel({ data, trend, path, targets, roleId: query.roleId, sort, lang: langOf(res) }),
    );
  }

  @Get('untrained')
  untrained(@CurrentActor() actor: Actor, @Query() query: CoveragePageQueryDto, @Res() res: Response) {
    return this.list('untrained', actor, query, res);
  }

  @Get('trained')
  trained(@CurrentActor() actor: Actor, @Query() query: CoveragePageQueryDto, @Res() res: Response) {
    return this.list('trained', actor, query, res);
  }

  private async list(
    kind: 'trained' | 'untrained',
    actor: Actor,
    query: CoveragePageQueryDto,
    res: Response,
  ): Promise<void> {
    const page = query.page ?? 1;
    const q = {
      unitId: query.unitId,
      roleId: query.roleId,
      date: query.date,
      limit: COVERAGE_LIST_SIZE,
      offset: (page - 1) * COVERAGE_LIST_SIZE,
    };
    const [list, targets] = await Promise.all([
      kind === 'trained' ? this.coverage.trained(actor, q) : this.coverage.untrained(actor, q),
      this.targets.list(actor),
    ]);
    const path = await this.coverage.breadcrumb(actor, list.unit, list.date);
    res.render('coverage/list', coverageListModel({ kind, list, path, targets, page, lang: langOf(res) }));
  }
}
