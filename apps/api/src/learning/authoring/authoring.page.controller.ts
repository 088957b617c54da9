import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Request, Response } from 'express';
import { Actor, DomainError } from '@app/common';
import {
  COURSE_STATUSES,
  CourseDetailResponse,
  CourseOutlineService,
  CourseFilesService,
  CoursesService,
  CourseStatus,
  CreateCourseDto,
  CreateLessonDto,
  CreateModuleDto,
  LessonResponse,
  ListCoursesQueryDto,
  UpdateCourseDto,
  UpdateLessonDto,
} from '@app/learning';
import { ListUnitsQueryDto, OrgUnitsService, Policy, scopesFor } from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../../http/auth';
import { uuidParam } from '../../http/validation';
import { FormText, langOf, PageQueryDto, SearchPageQueryDto } from '../../web/page-helpers';
import {
  courseEditorModel,
  CourseForm,
  courseFormBody,
  courseListModel,
  emptyCourseForm,
  FieldProblem,
  lessonEditorModel,
  LessonForm,
  lessonFormBody,
  PAGE_SIZE,
  problemsOf,
  readCourseForm,
  readLessonForm,
  UnitOption,
  validateForm,
} from './authoring.page.model';
import { receiveCourseFile } from './course-files.controller';
import './authoring.messages';

const DONE = ['created', 'saved', 'published', 'archived', 'uploaded', 'deleted'] as const;

export class CourseListPageQueryDto extends SearchPageQueryDto {
  @IsOptional()
  @FormText()
  @IsIn(COURSE_STATUSES)
  status?: CourseStatus;
}

export class DonePageQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(DONE)
  done?: (typeof DONE)[number];
}

/** Refusals shown beside the form; anything else (404, 403, 5xx) goes to the error filter. */
const isFormProblem = (e: unknown): e is DomainError =>
  e instanceof DomainError && [400, 409, 413, 415].includes(e.status);

const direction = (body: Record<string, unknown>): 'up' | 'down' => (body.direction === 'up' ? 'up' : 'down');

/**
 * Organiser pages: /authoring/courses (list, search, new course), /authoring/courses/:id (details, modules and
 * lessons, publish, archive, files, versions), /authoring/lessons/:id (one lesson and its file). No JavaScript:
 * every button is a form; POST → 303, or 4xx with the page shown again and the problems beside the fields.
 * Ids of the published version resolve to their draft copies (CoursesService), so redirects use the ids returned.
 */
@ApiExcludeController()
@Controller('authoring')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.CourseAuthor)
export class AuthoringPageController {
  constructor(
    private readonly courses: CoursesService,
    private readonly outline: CourseOutlineService,
    private readonly files: CourseFilesService,
    private readonly units: OrgUnitsService,
  ) {}

  // ---- the list ----

  @Get('courses')
  async index(@CurrentActor() actor: Actor, @Query() query: CourseListPageQueryDto, @Res() res: Response) {
    const units = await this.ownerUnits(actor);
    await this.renderList(res, actor, query, emptyCourseForm(units[0]?.id ?? ''), [], 200, units);
  }

  @Post('courses')
  async create(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const form = readCourseForm(body);
    const { dto, problems } = await validateForm(CreateCourseDto, courseFormBody(form, 'create'));
    if (problems.length > 0) return this.renderList(res, actor, {}, form, problems, 400);
    try {
      const course = await this.courses.create(actor, dto);
      res.redirect(303, `/authoring/courses/${course.id}?done=created`);
    } catch (e) {
      if (!isFormProblem(e)) throw e;
      await this.renderList(res, actor, {}, form, problemsOf(e), e.status);
    }
  }

  // ---- one course ----

  @Get('courses/:id')
  async show(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: DonePageQueryDto,
    @Res() res: Response,
  ) {
    await this.renderCourse(res, actor, id, { done: query.done });
  }

  @Post('courses/:id')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const form = readCourseForm(body);
    const plain = courseFormBody(form, 'update');
    // A published course's code is fixed; its form shows the code without a field.
    if (!form.code) delete plain.code;
    const { dto, problems } = await validateForm(UpdateCourseDto, plain);
    if (problems.length > 0) return this.renderCourse(res, actor, id, { form, problems, status: 400 });
    try {
      await this.courses.update(actor, id, dto);
      res.redirect(303, `/authoring/courses/${id}?done=saved`);
    } catch (e) {
      if (!isFormProblem(e)) throw e;
      await this.renderCourse(res, actor, id, { form, problems: problemsOf(e), status: e.status });
    }
  }

  @Post('courses/:id/publish')
  async publish(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    try {
      await this.courses.publish(actor, id);
      res.redirect(303, `/authoring/courses/${id}?done=published`);
    } catch (e) {
      if (!isFormProblem(e)) throw e;
      await this.renderCourse(res, actor, id, { problems: problemsOf(e), status: e.status });
    }
  }

  @Post('courses/:id/archive')
  async archive(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    await this.courses.archive(actor, id);
    res.redirect(303, `/authoring/courses/${id}?done=archived`);
  }

  @Post('courses/:id/modules')
  async addModule(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const { dto, problems } = await validateForm(CreateModuleDto, { title: body.title });
    if (problems.length > 0) return this.renderCourse(res, actor, id, { problems, status: 400 });
    const module = await this.outline.addModule(actor, id, dto);
    res.redirect(303, `/authoring/courses/${id}?done=saved#module-${module.id}`);
  }

  /** Upload (multipart, `_csrf` before `file`): parsed by streamedUpload (http/uploads). */
  @Post('courses/:id/files')
  async upload(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    try {
      await receiveCourseFile(this.files, actor, id, req);
      res.redirect(303, `/authoring/courses/${id}?done=uploaded#files`);
    } catch (e) {
      if (!isFormProblem(e)) throw e;
      await this.renderCourse(res, actor, id, { problems: problemsOf(e), status: e.status });
    }
  }

  // ---- modules ----

  @Post('modules/:id')
  async renameModule(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const { dto, problems } = await validateForm(CreateModuleDto, { title: body.title });
    if (problems.length > 0) return this.renderCourseOfModule(res, actor, id, problems);
    const module = await this.outline.updateModule(actor, id, { title: dto.title });
    res.redirect(303, `/authoring/courses/${module.courseId}?done=saved#module-${module.id}`);
  }

  @Post('modules/:id/move')
  async moveModule(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const module = await this.outline.moveModule(actor, id, direction(body));
    res.redirect(303, `/authoring/courses/${module.courseId}?done=saved#module-${module.id}`);
  }

  @Post('modules/:id/delete')
  async deleteModule(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    const courseId = await this.courseOfModule(actor, id);
    await this.outline.deleteModule(actor, id);
    res.redirect(303, `/authoring/courses/${courseId}?done=deleted#outline`);
  }

  @Post('modules/:id/lessons')
  async addLesson(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const form = readLessonForm({ ...body, required: 'true' });
    const { dto, problems } = await validateForm(CreateLessonDto, lessonFormBody(form, 'create'));
    if (problems.length > 0) return this.renderCourseOfModule(res, actor, id, problems);
    try {
      const lesson = await this.outline.addLesson(actor, id, dto);
      res.redirect(303, `/authoring/lessons/${lesson.id}?done=saved`);
    } catch (e) {
      if (!isFormProblem(e)) throw e;
      await this.renderCourseOfModule(res, actor, id, problemsOf(e), e.status);
    }
  }

  // ---- lessons ----

  @Get('lessons/:id')
  async lesson(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: DonePageQueryDto,
    @Res() res: Response,
  ) {
    await this.renderLesson(res, actor, id, { done: query.done });
  }

  @Post('lessons/:id')
  async saveLesson(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const form = readLessonForm(body);
    const { dto, problems } = await validateForm(UpdateLessonDto, lessonFormBody(form, 'update'));
    if (problems.length > 0) return this.renderLesson(res, actor, id, { form, problems, status: 400 });
    try {
      const lesson = await this.outline.updateLesson(actor, id, dto);
      res.redirect(303, `/authoring/lessons/${lesson.id}?done=saved`);
    } catch (e) {
      if (!isFormProblem(e)) throw e;
      await this.renderLesson(res, actor, id, { form, problems: problemsOf(e), status: e.status });
    }
  }

  @Post('lessons/:id/move')
  async moveLesson(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const lesson = await this.outline.moveLesson(actor, id, direction(body));
    res.redirect(303, `/authoring/courses/${lesson.courseId}?done=saved#lesson-${lesson.id}`);
  }

  @Post('lessons/:id/delete')
  async deleteLesson(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    const lesson = await this.outline.getLesson(actor, id);
    await this.outline.deleteLesson(actor, id);
    res.redirect(303, `/authoring/courses/${lesson.courseId}?done=deleted#outline`);
  }

  /**
   * Upload and attach (multipart, `_csrf` before `file`). A video or audio file makes the lesson a video lesson,
   * another file a document lesson; a text lesson keeps its kind (the file can be embedded as /files/<id>).
   */
  @Post('lessons/:id/file')
  async attachFile(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const lesson = await this.outline.getLesson(actor, id);
    try {
      const file = await receiveCourseFile(this.files, actor, lesson.courseId, req);
      let next: LessonResponse = lesson;
      if (lesson.kind !== 'text') {
        const kind = /^(video|audio)\//.test(file.contentType) ? 'video' : 'document';
        next = await this.outline.updateLesson(actor, id, { kind, fileId: file.id, url: null });
      }
      res.redirect(303, `/authoring/lessons/${next.id}?done=uploaded`);
    } catch (e) {
      if (!isFormProblem(e)) throw e;
      await this.renderLesson(res, actor, id, { problems: problemsOf(e), status: e.status });
    }
  }

  // ---- rendering ----

  private async renderList(
    res: Response,
    actor: Actor,
    query: CourseListPageQueryDto,
    form: CourseForm,
    problems: FieldProblem[],
    status: number,
    units?: UnitOption[],
  ): Promise<void> {
    const page = query.page ?? 1;
    const list = await this.courses.list(
      actor,
      Object.assign(new ListCoursesQueryDto(), {
        q: query.q,
        status: query.status,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      }),
    );
    res.status(status).render(
      'learning/authoring/courses',
      courseListModel({
        lang: langOf(res),
        q: query.q,
        status: query.status,
        page: { number: page, ...list },
        form,
        units: units ?? (await this.ownerUnits(actor, form.ownerUnitId)),
        problems,
      }),
    );
  }

  private async renderCourse(
    res: Response,
    actor: Actor,
    id: string,
    o: { form?: CourseForm; problems?: FieldProblem[]; status?: number; done?: string },
  ): Promise<void> {
    const course = await this.courses.get(actor, id);
    const [versions, units] = await Promise.all([
      this.courses.versions(actor, id),
      this.ownerUnits(actor, o.form?.ownerUnitId || course.ownerUnitId),
    ]);
    res.status(o.status ?? 200).render(
      'learning/authoring/course',
      courseEditorModel({
        lang: langOf(res),
        course,
        versions,
        units,
        form: o.form,
        problems: o.problems,
        problemStatus: o.status,
        done: o.done,
      }),
    );
  }

  private async renderCourseOfModule(
    res: Response,
    actor: Actor,
    moduleId: string,
    problems: FieldProblem[],
    status = 400,
  ): Promise<void> {
    await this.renderCourse(res, actor, await this.courseOfModule(actor, moduleId), { problems, status });
  }

  private async renderLesson(
    res: Response,
    actor: Actor,
    id: string,
    o: { form?: LessonForm; problems?: FieldProblem[]; status?: number; done?: string },
  ): Promise<void> {
    const lesson = await this.outline.getLesson(actor, id);
    const course: CourseDetailResponse = await this.courses.get(actor, lesson.courseId);
    res.status(o.status ?? 200).render(
      'learning/authoring/lesson',
      lessonEditorModel({
        lang: langOf(res),
        lesson,
        course,
        form: o.form,
        problems: o.problems,
        problemStatus: o.status,
        done: o.done,
      }),
    );
  }

  /** The course of a module the actor authors (404 otherwise). */
  private async courseOfModule(actor: Actor, moduleId: string): Promise<string> {
    return (await this.outline.getModule(actor, moduleId)).courseId;
  }

  /** Units a course may belong to: the actor's authoring scopes and their direct children (and the current one). */
  private async ownerUnits(actor: Actor, selected?: string): Promise<UnitOption[]> {
    const scopes = scopesFor(actor, Policy.CourseAuthor);
    const roots = await this.units.findByIds(scopes);
    const options: UnitOption[] = [];
    for (const root of roots) {
      options.push({ id: root.id, name: root.name, code: root.code, depth: 0 });
      const children = await this.units.list(
        actor,
        Object.assign(new ListUnitsQueryDto(), { parentId: root.id, limit: 300, offset: 0 }),
      );
      for (const c of children.items) options.push({ id: c.id, name: c.name, code: c.code, depth: 1 });
    }
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(selected ?? '');
    if (selected && isUuid && !options.some((o) => o.id === selected)) {
      if (!(await this.units.canActOn(actor, selected, Policy.CourseAuthor))) return options;
      const [unit] = await this.units.findByIds([selected]);
      if (unit) options.push({ id: unit.id, name: unit.name, code: unit.code, depth: 1 });
    }
    const seen = new Set<string>();
    return options.filter((o) => !seen.has(o.id) && seen.add(o.id));
  }
}
