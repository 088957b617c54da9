import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '@app/common';
import { CoverageService, TargetsService } from '@app/coverage';
import { AssignmentProgressService, AssignmentsService, LearnerProfileService } from '@app/learning';
import { admits, Policy } from '@app/org';
import { viewerActorOf } from '../../http/auth';
import { Public } from '../../http/public.decorator';
import { langOf } from '../page-helpers';
import { HomeWork, homeModel } from './home.page.model';
import './home.messages';

/** Scope units shown on the home page (a caller with more grants follows the others from the dashboard). */
const HOME_UNITS = 3;
/** Active assignments shown, soonest due first. */
const HOME_ASSIGNMENTS = 5;

/**
 * The home page: open to all (the 2028 targets); a logged-in caller also sees their work (issue 18 item 10): a learner
 * their learning (in progress, not started, overdue); an organiser, agency or admin the coverage of their units with
 * what needs attention (units behind target, people declared but not named) and the active assignments with progress.
 */
@ApiExcludeController()
@Public()
@Controller()
export class HomePageController {
  constructor(
    private readonly targets: TargetsService,
    private readonly coverage: CoverageService,
    private readonly profiles: LearnerProfileService,
    private readonly assignments: AssignmentsService,
    private readonly progress: AssignmentProgressService,
  ) {}

  @Get()
  async home(@Req() req: Request, @Res() res: Response): Promise<void> {
    const actor = viewerActorOf(req);
    const [targets, work] = await Promise.all([this.targets.programme(), actor ? this.work(actor) : null]);
    res.render('pages/home', homeModel(langOf(res), targets, work));
  }

  private async work(actor: Actor): Promise<HomeWork> {
    const scopes = [
      ...new Set(
        actor.grants.filter((g) => admits({ ...actor, grants: [g] }, Policy.RosterRead)).map((g) => g.scopeUnitId),
      ),
    ].slice(0, HOME_UNITS);
    const [profile, units, assignments] = await Promise.all([
      this.profiles.profile(actor),
      Promise.all(scopes.map((unitId) => this.coverage.unitCoverage(actor, { unitId }))),
      admits(actor, Policy.AssignmentRead) ? this.activeAssignments(actor) : Promise.resolve(null),
    ]);
    return { learning: profile.learning, units, assignments };
  }

  private async activeAssignments(actor: Actor): Promise<HomeWork['assignments']> {
    const list = await this.assignments.list(actor, { status: 'active', limit: HOME_ASSIGNMENTS, offset: 0 });
    const withProgress = await Promise.all(
      list.items.map(async (a) => ({ assignment: a, totals: (await this.progress.progress(actor, a.id, {})).totals })),
    );
    return { items: withProgress, total: list.total };
  }
}
