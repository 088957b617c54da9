import { Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import type { Response } from 'express';
import { CertificatesService } from '@app/certificates';
import { Actor, Clock, PERMISSIONS } from '@app/common';
import { CatalogueQueryDto, LearnerCatalogueService, LearnerEnrolmentService } from '@app/learning';
import { CurrentActor, PermissionGuard, RequirePermission, WebSessionGuard } from '../../http/auth';
import { Public } from '../../http/public.decorator';
import { uuidParam } from '../../http/validation';
import { FormText, langOf, SearchPageQueryDto } from '../../web/page-helpers';
import { catalogueModel, CATALOGUE_PAGE_SIZE, courseModel } from './learner.page.model';
import { OptionalActor, OptionalWebSessionGuard } from './optional-auth';
import './learner.messages';

export class CataloguePageQueryDto extends SearchPageQueryDto {
  @IsOptional()
  @FormText()
  @IsString()
  @Length(1, 60)
  tag?: string;
}

/** /courses and /courses/:courseId: public pages (anyone may browse); a logged-in learner sees their progress. */
@ApiExcludeController()
@Public()
@Controller('courses')
@UseGuards(OptionalWebSessionGuard)
export class CataloguePageController {
  constructor(
    private readonly catalogue: LearnerCatalogueService,
    private readonly clock: Clock,
    private readonly certificates: CertificatesService,
  ) {}

  @Get()
  async index(
    @OptionalActor() actor: Actor | null,
    @Query() query: CataloguePageQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const page = query.page ?? 1;
    const [result, tags] = await Promise.all([
      this.catalogue.list(
        actor,
        Object.assign(new CatalogueQueryDto(), {
          q: query.q,
          tag: query.tag,
          limit: CATALOGUE_PAGE_SIZE,
          offset: (page - 1) * CATALOGUE_PAGE_SIZE,
        }),
      ),
      this.catalogue.tags(actor),
    ]);
    res.render(
      'learning/learner/catalogue',
      catalogueModel({ lang: langOf(res), q: query.q, tag: query.tag, page, result, tags }),
    );
  }

  @Get(':courseId')
  async course(
    @OptionalActor() actor: Actor | null,
    @Param('courseId', uuidParam('courseId')) courseId: string,
    @Res() res: Response,
  ): Promise<void> {
    const data = await this.catalogue.course(actor, courseId);
    // Once completed, the course page links the learner's certificate of it (the newest, unless revoked).
    const certificate = actor
      ? (await this.certificates.mine(actor)).find((c) => c.courseId === courseId && c.status !== 'revoked')
      : undefined;
    res.render('learning/learner/course', {
      ...courseModel({ lang: langOf(res), data, loggedIn: actor !== null, today: this.clock.today() }),
      certificateHref: certificate ? `/certificates/${certificate.id}` : null,
    });
  }

  /** Where a visitor lands after logging in from the enrol button: back to the course page. */
  @Get(':courseId/enrolment')
  enrolment(@Param('courseId', uuidParam('courseId')) courseId: string, @Res() res: Response): void {
    res.redirect(303, `/courses/${courseId}`);
  }
}

/** The enrol button of the course page (any permission, as long as the account has a person on the roster). */
@ApiExcludeController()
@Controller('courses')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class EnrolmentPageController {
  constructor(private readonly enrolments: LearnerEnrolmentService) {}

  @Post(':courseId/enrolment')
  async enrol(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.enrolments.enrolSelf(actor, courseId);
    res.redirect(303, `/courses/${courseId}`);
  }
}
