import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import {
  CourseDetailResponse,
  CourseOutlineService,
  CourseResponse,
  CoursesService,
  CourseVersionResponse,
  CreateCourseDto,
  CreateLessonDto,
  CreateModuleDto,
  LessonResponse,
  ListCoursesQueryDto,
  ModuleResponse,
  UpdateCourseDto,
  UpdateLessonDto,
  UpdateModuleDto,
} from '@app/learning';
import { Policy } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../../http/auth';
import { uuidParam } from '../../http/validation';

/**
 * Course authoring for administrators and the organisers of the owner unit's subtree. Editing a published course
 * edits its draft (a copy made on the first edit, version n+1); ids of the published version's modules and lessons
 * resolve to their draft copies, and responses carry the draft's ids.
 */
@ApiTags('course authoring')
@ApiBearerAuth()
@Controller('api/v1')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePolicy(Policy.CourseAuthor)
export class CoursesController {
  constructor(
    private readonly courses: CoursesService,
    private readonly outline: CourseOutlineService,
  ) {}

  /** Courses owned in the caller's subtrees (admins: all), newest change first; `q` ignores diacritics. */
  @Get('courses')
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListCoursesQueryDto,
  ): Promise<{ items: CourseResponse[]; total: number }> {
    return this.courses.list(actor, query);
  }

  /** A new course (draft, version 1). */
  @Post('courses')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCourseDto): Promise<CourseDetailResponse> {
    return this.courses.create(actor, dto);
  }

  /** The course with its editable version (the draft, else the published one): modules, lessons and files. */
  @Get('courses/:courseId')
  get(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
  ): Promise<CourseDetailResponse> {
    return this.courses.get(actor, courseId);
  }

  /** Metadata; on a published course the version fields go to a new draft. */
  @Patch('courses/:courseId')
  update(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
    @Body() dto: UpdateCourseDto,
  ): Promise<CourseDetailResponse> {
    return this.courses.update(actor, courseId, dto);
  }

  /** Publishes the draft (409 without a lesson or without a draft); an archived course is published again. */
  @Post('courses/:courseId/publish')
  @HttpCode(200)
  publish(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
  ): Promise<CourseDetailResponse> {
    return this.courses.publish(actor, courseId);
  }

  /** No new enrolments; enrolled learners keep their access. */
  @Post('courses/:courseId/archive')
  @HttpCode(200)
  archive(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
  ): Promise<CourseDetailResponse> {
    return this.courses.archive(actor, courseId);
  }

  /** Every version, newest first: draft, published or superseded, with how many learners are on each. */
  @Get('courses/:courseId/versions')
  versions(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
  ): Promise<CourseVersionResponse[]> {
    return this.courses.versions(actor, courseId);
  }

  @Post('courses/:courseId/modules')
  addModule(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
    @Body() dto: CreateModuleDto,
  ): Promise<ModuleResponse> {
    return this.outline.addModule(actor, courseId, dto);
  }

  /** Rename and/or move (position 1..n). */
  @Patch('modules/:moduleId')
  updateModule(
    @CurrentActor() actor: Actor,
    @Param('moduleId', uuidParam('moduleId')) moduleId: string,
    @Body() dto: UpdateModuleDto,
  ): Promise<ModuleResponse> {
    return this.outline.updateModule(actor, moduleId, dto);
  }

  /** Deletes the module and its lessons (from the draft). */
  @Delete('modules/:moduleId')
  @HttpCode(204)
  deleteModule(
    @CurrentActor() actor: Actor,
    @Param('moduleId', uuidParam('moduleId')) moduleId: string,
  ): Promise<void> {
    return this.outline.deleteModule(actor, moduleId);
  }

  @Post('modules/:moduleId/lessons')
  addLesson(
    @CurrentActor() actor: Actor,
    @Param('moduleId', uuidParam('moduleId')) moduleId: string,
    @Body() dto: CreateLessonDto,
  ): Promise<LessonResponse> {
    return this.outline.addLesson(actor, moduleId, dto);
  }

  @Get('lessons/:lessonId')
  getLesson(
    @CurrentActor() actor: Actor,
    @Param('lessonId', uuidParam('lessonId')) lessonId: string,
  ): Promise<LessonResponse> {
    return this.outline.getLesson(actor, lessonId);
  }

  /** Content (HTML is sanitised), kind, url/file, and/or place (moduleId, position). */
  @Patch('lessons/:lessonId')
  updateLesson(
    @CurrentActor() actor: Actor,
    @Param('lessonId', uuidParam('lessonId')) lessonId: string,
    @Body() dto: UpdateLessonDto,
  ): Promise<LessonResponse> {
    return this.outline.updateLesson(actor, lessonId, dto);
  }

  @Delete('lessons/:lessonId')
  @HttpCode(204)
  deleteLesson(
    @CurrentActor() actor: Actor,
    @Param('lessonId', uuidParam('lessonId')) lessonId: string,
  ): Promise<void> {
    return this.outline.deleteLesson(actor, lessonId);
  }
}
