import { Body, Controller, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, PERMISSIONS } from '@app/common';
import {
  EnrolmentResponse,
  LearnerCourseResponse,
  LearnerEnrolmentService,
  LearnerProfileResponse,
  LearnerProfileService,
  LessonCompletionResponse,
  LessonProgressService,
  LessonViewResponse,
  MyLearningResponse,
  VideoProgressDto,
  VideoProgressResponse,
} from '@app/learning';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePermission } from '../../http/auth';
import { uuidParam } from '../../http/validation';

/**
 * A learner's own learning: enrolment, progress and profile. Any permission will do, as long as the account is
 * linked to a person on the roster (else 403); someone else's enrolment answers 404.
 */
@ApiTags('learning')
@ApiBearerAuth()
@Controller('api/v1')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class LearnerController {
  constructor(
    private readonly enrolments: LearnerEnrolmentService,
    private readonly progress: LessonProgressService,
    private readonly profiles: LearnerProfileService,
  ) {}

  /** Self-enrolment in a published course open to it: 201 with the new enrolment, 200 with the existing one. */
  @Post('courses/:courseId/enrolment')
  async enrol(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EnrolmentResponse> {
    const result = await this.enrolments.enrolSelf(actor, courseId);
    res.status(result.created ? 201 : 200);
    return result.enrolment;
  }

  /** "My learning": assigned (due dates, overdue), in progress, completed. */
  @Get('me/enrolments')
  mine(@CurrentActor() actor: Actor): Promise<MyLearningResponse> {
    return this.enrolments.myLearning(actor);
  }

  @Get('me/profile')
  profile(@CurrentActor() actor: Actor): Promise<LearnerProfileResponse> {
    return this.profiles.profile(actor);
  }

  /** The enrolment's course version with done marks, percentage and the lesson to continue with. */
  @Get('enrolments/:enrolmentId')
  enrolment(
    @CurrentActor() actor: Actor,
    @Param('enrolmentId', uuidParam('enrolmentId')) enrolmentId: string,
  ): Promise<LearnerCourseResponse> {
    return this.enrolments.get(actor, enrolmentId);
  }

  /** Opens a lesson: records the view, the start and the resume point; 403 for a lesson of another version. */
  @Get('enrolments/:enrolmentId/lessons/:lessonId')
  lesson(
    @CurrentActor() actor: Actor,
    @Param('enrolmentId', uuidParam('enrolmentId')) enrolmentId: string,
    @Param('lessonId', uuidParam('lessonId')) lessonId: string,
  ): Promise<LessonViewResponse> {
    return this.progress.view(actor, enrolmentId, lessonId);
  }

  /** Marks a lesson done (idempotent); an uploaded video with a known duration needs 90% watched (else 409). */
  @Post('enrolments/:enrolmentId/lessons/:lessonId/completion')
  @HttpCode(200)
  complete(
    @CurrentActor() actor: Actor,
    @Param('enrolmentId', uuidParam('enrolmentId')) enrolmentId: string,
    @Param('lessonId', uuidParam('lessonId')) lessonId: string,
  ): Promise<LessonCompletionResponse> {
    return this.progress.complete(actor, enrolmentId, lessonId);
  }

  /** The player's report on an uploaded video; the lesson completes at 90% watched. */
  @Post('enrolments/:enrolmentId/lessons/:lessonId/video-progress')
  @HttpCode(200)
  videoProgress(
    @CurrentActor() actor: Actor,
    @Param('enrolmentId', uuidParam('enrolmentId')) enrolmentId: string,
    @Param('lessonId', uuidParam('lessonId')) lessonId: string,
    @Body() dto: VideoProgressDto,
  ): Promise<VideoProgressResponse> {
    return this.progress.reportVideo(actor, enrolmentId, lessonId, dto);
  }
}
