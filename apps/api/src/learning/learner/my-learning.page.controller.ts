import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, PERMISSIONS } from '@app/common';
import { LearnerEnrolmentService, LearnerProfileService } from '@app/learning';
import { CurrentActor, PermissionGuard, RequirePermission, WebSessionGuard } from '../../http/auth';
import { langOf } from '../../web/page-helpers';
import { myLearningModel, profileModel } from './learner.page.model';
import './learner.messages';

/** /my (the learner's courses: assigned, in progress, completed) and /profile. */
@ApiExcludeController()
@Controller()
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class MyLearningPageController {
  constructor(
    private readonly enrolments: LearnerEnrolmentService,
    private readonly profiles: LearnerProfileService,
  ) {}

  @Get('my')
  async my(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const lang = langOf(res);
    res.render('learning/learner/my', myLearningModel(lang, await this.enrolments.myLearning(actor)));
  }

  @Get('profile')
  async profile(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const lang = langOf(res);
    res.render('learning/learner/profile', profileModel(lang, await this.profiles.profile(actor)));
  }
}
