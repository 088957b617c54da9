import { Body, Controller, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, ConflictError, PERMISSIONS } from '@app/common';
import { LearnerEnrolmentService, LessonProgressService, VideoProgressDto, VideoProgressResponse } from '@app/learning';
import { CurrentActor, PermissionGuard, RequirePermission, WebSessionGuard } from '../../http/auth';
import { uuidParam } from '../../http/validation';
import { langOf } from '../../web/page-helpers';
import { translate } from '../../web/i18n';
import { lessonModel } from './learner.page.model';
import './learner.messages';

/**
 * The lesson page of the learner's own enrolment in a course (403 when not enrolled), the "done" form, and the
 * route the video player script reports to (JSON, CSRF token in X-CSRF-Token).
 */
@ApiExcludeController()
@Controller('courses/:courseId/lessons/:lessonId')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class LessonPageController {
  constructor(
    private readonly enrolments: LearnerEnrolmentService,
    private readonly progress: LessonProgressService,
  ) {}

  @Get()
  async show(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
    @Param('lessonId', uuidParam('lessonId')) lessonId: string,
    @Res() res: Response,
  ): Promise<void> {
    const enrolment = await this.enrolments.forCourse(actor, courseId);
    const view = await this.progress.view(actor, enrolment.id, lessonId);
    res.render('learning/learner/lesson', lessonModel({ lang: langOf(res), view }));
  }

  /** Marks the lesson done, then on to the next lesson (or the course page after the last one). */
  @Post('completion')
  async complete(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
    @Param('lessonId', uuidParam('lessonId')) lessonId: string,
    @Res() res: Response,
  ): Promise<void> {
    const enrolment = await this.enrolments.forCourse(actor, courseId);
    try {
      const done = await this.progress.complete(actor, enrolment.id, lessonId);
      const next = done.nextLessonId && !done.courseCompletedAt ? `/lessons/${done.nextLessonId}` : '';
      res.redirect(303, `/courses/${courseId}${next}`);
    } catch (e) {
      // A video not watched far enough: the lesson again, with the reason beside the button.
      if (!(e instanceof ConflictError)) throw e;
      const lang = langOf(res);
      const watched = (e.details as { watchedPercent?: number } | undefined)?.watchedPercent;
      const problem = watched === undefined ? e.message : `${translate(lang, 'learn.lesson.watchMore')}: ${watched}%`;
      const view = await this.progress.view(actor, enrolment.id, lessonId);
      res.status(409).render('learning/learner/lesson', lessonModel({ lang, view, problem }));
    }
  }

  /** Called by /static/video-progress.js while an uploaded video plays. */
  @Post('video-progress')
  @HttpCode(200)
  async videoProgress(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
    @Param('lessonId', uuidParam('lessonId')) lessonId: string,
    @Body() dto: VideoProgressDto,
  ): Promise<VideoProgressResponse> {
    const enrolment = await this.enrolments.forCourse(actor, courseId);
    return this.progress.reportVideo(actor, enrolment.id, lessonId, dto);
  }
}
