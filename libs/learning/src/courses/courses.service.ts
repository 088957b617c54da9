import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { Actor, Clock, ConflictError, escapeLike, ForbiddenError, NotFoundError, Permission } from '@app/common';
import { admits, OrgUnitsService, permissionsOf, Policy, scopesFor } from '@app/org';
import { copyId } from './copy-id';
import { CourseRepository, CourseRow, LessonRow, ModuleRow, toFileResponse, VersionFields } from './course.repository';
import {
  CourseDetailResponse,
  CourseResponse,
  CourseVersionResponse,
  CreateCourseDto,
  LessonResponse,
  ListCoursesQueryDto,
  ModuleResponse,
  UpdateCourseDto,
} from './dto/course.dto';
import { CreateLessonDto, CreateModuleDto, UpdateLessonDto, UpdateModuleDto } from './dto/module.dto';
import { FinalExamChecks } from './final-exam-check';
import { checkLessonContent } from './lesson-content';
import { orderTopicTags } from './topic-tags';

/** @deprecated name Policy.CourseAuthor (from @app/org) instead; kept for code written against it. */
export const AUTHORS = permissionsOf(Policy.CourseAuthor);

const VERSION_KEYS: Array<keyof VersionFields> = [
  'title',
  'summary',
  'language',
  'tags',
  'estimatedMinutes',
  'finalExam',
];

const clamp = (value: number, min: number, max: number): number => Math.min(Math.max(value, min), max);

const sameValue = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;

const isUniqueViolation = (e: unknown, constraint: string): boolean => {
  const driver = (e as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driver?.code === '23505' && driver.constraint === constraint;
};

/**
 * Course authoring: courses, their versions, modules and lessons. Administrators and the organisers of the owner
 * unit's subtree author a course; to anyone else it does not exist (404).
 *
 * Versions: a course has at most one draft version (edited in place) and at most one published version (what new
 * enrolments get; never changes). Every edit of a course without a draft first copies the published version into a
 * new draft (version_no + 1; modules and lessons copied, the same files), under the course row lock.
 *
 * Ids after a copy: modules and lessons are addressed by id. An id of the published version resolves to its copy
 * in the draft, whose id is copyId(draftVersionId, publishedId) (a name-based UUID, so the mapping survives
 * reordering the draft). Responses carry the draft's ids; callers continue with those. An id whose copy was deleted
 * from the draft, or an id of an older superseded version, answers 409.
 */
@Injectable()
export class CoursesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly courses: CourseRepository,
    private readonly units: OrgUnitsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly finalExams: FinalExamChecks,
  ) {}

  // ---- courses ----

  async create(actor: Actor, dto: CreateCourseDto): Promise<CourseDetailResponse> {
    this.assertAuthor(actor);
    const ownerUnitId = dto.ownerUnitId ?? this.defaultOwnerUnit(actor);
    await this.assertMayOwn(actor, ownerUnitId);
    const now = this.clock.now();
    let id: string;
    try {
      id = await this.db.transaction(async (m) => {
        if (await this.courses.codeTaken(m, dto.code)) throw this.codeTaken(dto.code);
        const courseId = await this.courses.insertCourse(m, {
          code: dto.code,
          ownerUnitId,
          openEnrolment: dto.openEnrolment ?? true,
          createdBy: actor.accountId,
          now,
        });
        const versionId = await this.courses.insertVersion(m, {
          courseId,
          versionNo: 1,
          title: dto.title,
          summary: dto.summary ?? '',
          language: dto.language ?? 'vi',
          tags: orderTopicTags(dto.tags ?? []),
          estimatedMinutes: dto.estimatedMinutes ?? null,
          finalExam: dto.finalExam ?? false,
          createdBy: actor.accountId,
          now,
        });
        await this.courses.updateCourse(m, courseId, { draftVersionId: versionId }, now);
        await this.audit.record(
          { action: 'course.create', entity: 'course', entityId: courseId, details: { ownerUnitId, versionId } },
          { actor },
          m,
        );
        return courseId;
      });
    } catch (e) {
      throw isUniqueViolation(e, 'uq_course_code') ? this.codeTaken(dto.code) : e;
    }
    return this.get(actor, id);
  }

  async list(actor: Actor, q: ListCoursesQueryDto): Promise<{ items: CourseResponse[]; total: number }> {
    this.assertAuthor(actor);
    const scopes = scopesFor(actor, Policy.CourseAuthor);
    return this.courses.list(scopes, {
      q: q.q ? escapeLike(q.q) : undefined,
      status: q.status,
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
    });
  }

  /** The course with its editable version (the draft, else the published one): modules, lessons, files. */
  async get(actor: Actor, courseId: string): Promise<CourseDetailResponse> {
    await this.authorCourse(actor, courseId);
    const course = await this.courses.findResponse(courseId);
    if (!course) throw new NotFoundError(`course ${courseId} not found`);
    const [modules, files] = await Promise.all([
      this.courses.outline(course.versionId),
      this.courses.courseFiles(courseId),
    ]);
    return {
      ...course,
      editingDraft: course.draftVersionId === course.versionId,
      modules,
      files: files.map(toFileResponse),
    };
  }

  async versions(actor: Actor, courseId: string): Promise<CourseVersionResponse[]> {
    await this.authorCourse(actor, courseId);
    return this.courses.versions(courseId);
  }

  /**
   * Metadata. Version fields that really change go to the draft (copied from the published version first when
   * there is none); code, openEnrolment and ownerUnitId are course fields and apply at once.
   */
  async update(actor: Actor, courseId: string, dto: UpdateCourseDto): Promise<CourseDetailResponse> {
    if (dto.ownerUnitId) await this.assertMayOwn(actor, dto.ownerUnitId);
    try {
      await this.db.transaction(async (m) => {
        const course = await this.lockCourse(m, actor, courseId);
        const now = this.clock.now();
        const changed: string[] = [];
        if (dto.code !== undefined && dto.code !== course.code) {
          if (course.publishedVersionId) {
            throw new ConflictError('the code of a course cannot change once it has been published', [
              { field: 'code', reason: 'fixed once published' },
            ]);
          }
          if (await this.courses.codeTaken(m, dto.code, courseId)) throw this.codeTaken(dto.code);
          changed.push('code');
        }
        if (dto.openEnrolment !== undefined && dto.openEnrolment !== course.openEnrolment) {
          changed.push('openEnrolment');
        }
        if (dto.ownerUnitId !== undefined && dto.ownerUnitId !== course.ownerUnitId) changed.push('ownerUnitId');
        const courseChanges = changed.length > 0;
        if (courseChanges) {
          await this.courses.updateCourse(
            m,
            courseId,
            { code: dto.code, openEnrolment: dto.openEnrolment, ownerUnitId: dto.ownerUnitId },
            now,
          );
        }

        const current = await this.courses.versionFields(m, course.draftVersionId ?? course.publishedVersionId!);
        const versionSet: Partial<VersionFields> = {};
        for (const key of VERSION_KEYS) {
          const value = key === 'tags' && dto.tags ? orderTopicTags(dto.tags) : dto[key];
          if (value !== undefined && !sameValue(value, current[key])) {
            (versionSet as Record<string, unknown>)[key] = value;
            changed.push(key);
          }
        }
        let versionId = course.draftVersionId;
        if (Object.keys(versionSet).length > 0) {
          versionId = await this.ensureDraft(m, actor, course);
          await this.courses.updateVersion(m, versionId, versionSet);
          if (!courseChanges) await this.courses.updateCourse(m, courseId, {}, now);
        }
        if (changed.length > 0) {
          await this.audit.record(
            { action: 'course.update', entity: 'course', entityId: courseId, details: { versionId, fields: changed } },
            { actor },
            m,
          );
        }
      });
    } catch (e) {
      throw isUniqueViolation(e, 'uq_course_code') ? this.codeTaken(dto.code ?? '') : e;
    }
    return this.get(actor, courseId);
  }

  /**
   * Publishes the draft (it needs at least one lesson, and the course's final exam when `finalExam` is set): it
   * becomes what new enrolments get; learners enrolled on an earlier version keep theirs. Publishing an archived
   * course without a draft brings it back as published.
   */
  async publish(actor: Actor, courseId: string): Promise<CourseDetailResponse> {
    await this.db.transaction(async (m) => {
      const course = await this.lockCourse(m, actor, courseId);
      const now = this.clock.now();
      const draftId = course.draftVersionId;
      if (!draftId) {
        if (course.status !== 'archived') {
          throw new ConflictError('there is no draft to publish: edit the course first', [
            { field: 'draftVersionId', reason: 'no draft' },
          ]);
        }
        await this.courses.updateCourse(m, courseId, { status: 'published' }, now);
        await this.audit.record(
          {
            action: 'course.unarchive',
            entity: 'course',
            entityId: courseId,
            details: { versionId: course.publishedVersionId },
          },
          { actor },
          m,
        );
        return;
      }
      if ((await this.courses.countLessons(m, { versionId: draftId })) === 0) {
        throw new ConflictError('a course needs at least one lesson before it can be published', [
          { field: 'lessons', reason: 'at least one lesson' },
        ]);
      }
      if ((await this.courses.versionFields(m, draftId)).finalExam) {
        if ((await this.finalExams.hasFinalExam(courseId, m)) === false) {
          throw new ConflictError('this course ends with a final exam, but it has none: create its final exam first', [
            { field: 'finalExam', reason: 'no final exam' },
          ]);
        }
      }
      await this.courses.markPublished(m, draftId, actor.accountId, now);
      await this.courses.updateCourse(
        m,
        courseId,
        { status: 'published', publishedVersionId: draftId, draftVersionId: null },
        now,
      );
      await this.audit.record(
        {
          action: 'course.publish',
          entity: 'course',
          entityId: courseId,
          details: {
            versionId: draftId,
            versionNo: await this.courses.versionNo(m, draftId),
            previousVersionId: course.publishedVersionId,
          },
        },
        { actor },
        m,
      );
    });
    return this.get(actor, courseId);
  }

  /** No new enrolments; learners already enrolled keep their access. Archiving twice changes nothing. */
  async archive(actor: Actor, courseId: string): Promise<CourseDetailResponse> {
    await this.db.transaction(async (m) => {
      const course = await this.lockCourse(m, actor, courseId);
      if (course.status === 'archived') return;
      await this.courses.updateCourse(m, courseId, { status: 'archived' }, this.clock.now());
      await this.audit.record(
        { action: 'course.archive', entity: 'course', entityId: courseId, details: { previousStatus: course.status } },
        { actor },
        m,
      );
    });
    return this.get(actor, courseId);
  }

  // ---- modules ----

  async addModule(actor: Actor, courseId: string, dto: CreateModuleDto): Promise<ModuleResponse> {
    const id = await this.db.transaction(async (m) => {
      const course = await this.lockCourse(m, actor, courseId);
      const versionId = await this.ensureDraft(m, actor, course);
      const count = await this.courses.countModules(m, versionId);
      const position = clamp(dto.position ?? count + 1, 1, count + 1);
      const moduleId = await this.courses.insertModule(m, versionId, position, dto.title);
      await this.touch(m, courseId);
      await this.audit.record(
        { action: 'course.module_add', entity: 'course', entityId: courseId, details: { versionId, moduleId } },
        { actor },
        m,
      );
      return moduleId;
    });
    return this.moduleResponse(id);
  }

  async getModule(actor: Actor, moduleId: string): Promise<ModuleResponse> {
    const module = await this.courses.findModule(moduleId);
    if (!module) throw new NotFoundError(`module ${moduleId} not found`);
    await this.authorCourseOf(actor, 'module', module);
    return this.moduleResponse(moduleId);
  }

  /** Renames and/or moves a module (positions stay 1..n). An id of the published version edits its draft copy. */
  async updateModule(actor: Actor, moduleId: string, dto: UpdateModuleDto): Promise<ModuleResponse> {
    return this.changeModule(actor, moduleId, () => dto);
  }

  /** Moves a module one place up or down (pages' buttons); at either end nothing changes. */
  async moveModule(actor: Actor, moduleId: string, direction: 'up' | 'down'): Promise<ModuleResponse> {
    return this.changeModule(actor, moduleId, (mod) => ({
      position: Math.max(1, mod.position + (direction === 'up' ? -1 : 1)),
    }));
  }

  private async changeModule(
    actor: Actor,
    moduleId: string,
    change: (module: ModuleRow) => UpdateModuleDto,
  ): Promise<ModuleResponse> {
    const id = await this.db.transaction(async (m) => {
      const { course, module } = await this.draftModule(m, actor, moduleId);
      const dto = change(module);
      const fields: string[] = [];
      if (dto.title !== undefined && dto.title !== module.title) {
        await this.courses.renameModule(m, module.id, dto.title);
        fields.push('title');
      }
      if (dto.position !== undefined) {
        const to = clamp(dto.position, 1, await this.courses.countModules(m, module.versionId));
        if (to !== module.position) {
          await this.courses.moveModule(m, module, to);
          fields.push('position');
        }
      }
      if (fields.length > 0) {
        await this.touch(m, course.id);
        await this.audit.record(
          {
            action: 'course.module_update',
            entity: 'course',
            entityId: course.id,
            details: { versionId: module.versionId, moduleId: module.id, fields },
          },
          { actor },
          m,
        );
      }
      return module.id;
    });
    return this.moduleResponse(id);
  }

  /** Deletes a module of the draft with its lessons. */
  async deleteModule(actor: Actor, moduleId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const { course, module } = await this.draftModule(m, actor, moduleId);
      const lessons = await this.courses.countLessons(m, { moduleId: module.id });
      await this.courses.deleteModule(m, module);
      await this.touch(m, course.id);
      await this.audit.record(
        {
          action: 'course.module_delete',
          entity: 'course',
          entityId: course.id,
          details: { versionId: module.versionId, moduleId: module.id, lessonsDeleted: lessons },
        },
        { actor },
        m,
      );
    });
  }

  // ---- lessons ----

  async getLesson(actor: Actor, lessonId: string): Promise<LessonResponse> {
    const lesson = await this.courses.findLesson(lessonId);
    if (!lesson) throw new NotFoundError(`lesson ${lessonId} not found`);
    await this.authorCourseOf(actor, 'lesson', lesson);
    return this.lessonResponse(lesson.id);
  }

  async addLesson(actor: Actor, moduleId: string, dto: CreateLessonDto): Promise<LessonResponse> {
    const id = await this.db.transaction(async (m) => {
      const { course, module } = await this.draftModule(m, actor, moduleId);
      const content = await checkLessonContent(
        { kind: dto.kind, bodyHtml: dto.bodyHtml ?? '', url: dto.url ?? null, fileId: dto.fileId ?? null },
        (fileId) => this.fileTypeOf(m, course.id, fileId),
      );
      const count = await this.courses.countLessons(m, { moduleId: module.id });
      const position = clamp(dto.position ?? count + 1, 1, count + 1);
      const lessonId = await this.courses.insertLesson(m, module.versionId, position, {
        ...content,
        moduleId: module.id,
        title: dto.title,
        required: dto.required ?? true,
        estimatedMinutes: dto.estimatedMinutes ?? null,
      });
      await this.touch(m, course.id);
      await this.audit.record(
        {
          action: 'course.lesson_add',
          entity: 'course',
          entityId: course.id,
          details: { versionId: module.versionId, moduleId: module.id, lessonId, kind: dto.kind },
        },
        { actor },
        m,
      );
      return lessonId;
    });
    return this.lessonResponse(id);
  }

  /**
   * Edits a lesson of the draft: content, and/or its place (another module of the draft, a position). An id of
   * the published version edits its draft copy; the response carries the copy's id.
   */
  async updateLesson(actor: Actor, lessonId: string, dto: UpdateLessonDto): Promise<LessonResponse> {
    return this.changeLesson(actor, lessonId, () => dto);
  }

  /** Moves a lesson one place up or down within its module (pages' buttons); at either end nothing changes. */
  async moveLesson(actor: Actor, lessonId: string, direction: 'up' | 'down'): Promise<LessonResponse> {
    return this.changeLesson(actor, lessonId, (lesson) => ({
      position: Math.max(1, lesson.position + (direction === 'up' ? -1 : 1)),
    }));
  }

  private async changeLesson(
    actor: Actor,
    lessonId: string,
    change: (lesson: LessonRow) => UpdateLessonDto,
  ): Promise<LessonResponse> {
    const id = await this.db.transaction(async (m) => {
      const { course, lesson } = await this.draftLesson(m, actor, lessonId);
      const dto = change(lesson);
      const content = await checkLessonContent(
        {
          kind: dto.kind ?? lesson.kind,
          bodyHtml: dto.bodyHtml ?? lesson.bodyHtml,
          url: dto.url === undefined ? lesson.url : dto.url,
          fileId: dto.fileId === undefined ? lesson.fileId : dto.fileId,
        },
        (fileId) => this.fileTypeOf(m, course.id, fileId),
      );
      const next = {
        ...content,
        title: dto.title ?? lesson.title,
        required: dto.required ?? lesson.required,
        estimatedMinutes: dto.estimatedMinutes === undefined ? lesson.estimatedMinutes : dto.estimatedMinutes,
      };
      const fields: string[] = (Object.keys(next) as Array<keyof typeof next>).filter((k) => next[k] !== lesson[k]);
      if (fields.length > 0) await this.courses.updateLessonContent(m, lesson.id, next);

      let targetModuleId = lesson.moduleId;
      if (dto.moduleId !== undefined) {
        const target = await this.resolveDraftModule(m, course, dto.moduleId, 'moduleId');
        targetModuleId = target.id;
      }
      if (targetModuleId !== lesson.moduleId || dto.position !== undefined) {
        const count = await this.courses.countLessons(m, { moduleId: targetModuleId });
        const max = targetModuleId === lesson.moduleId ? count : count + 1;
        const to = clamp(dto.position ?? max, 1, max);
        if (targetModuleId !== lesson.moduleId || to !== lesson.position) {
          await this.courses.moveLesson(m, lesson, targetModuleId, to);
          fields.push(targetModuleId !== lesson.moduleId ? 'moduleId' : 'position');
        }
      }
      if (fields.length > 0) {
        await this.touch(m, course.id);
        await this.audit.record(
          {
            action: 'course.lesson_update',
            entity: 'course',
            entityId: course.id,
            details: { versionId: lesson.versionId, lessonId: lesson.id, fields },
          },
          { actor },
          m,
        );
      }
      return lesson.id;
    });
    return this.lessonResponse(id);
  }

  async deleteLesson(actor: Actor, lessonId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const { course, lesson } = await this.draftLesson(m, actor, lessonId);
      await this.courses.deleteLesson(m, lesson);
      await this.touch(m, course.id);
      await this.audit.record(
        {
          action: 'course.lesson_delete',
          entity: 'course',
          entityId: course.id,
          details: { versionId: lesson.versionId, lessonId: lesson.id },
        },
        { actor },
        m,
      );
    });
  }

  // ---- access ----

  /** The course when the actor authors it (admin, or organiser of the owner unit's subtree); 404 otherwise. */
  async authorCourse(actor: Actor, courseId: string, m?: EntityManager, lock = false): Promise<CourseRow> {
    return this.authorCourseOf(actor, 'course', { id: courseId, courseId }, m, lock);
  }

  /**
   * The course of a module or lesson (or the course itself) when the actor authors it. Otherwise the module or lesson
   * is "not found" under its own id, exactly as one that does not exist: the course id of another subtree is never
   * named.
   */
  private async authorCourseOf(
    actor: Actor,
    what: 'course' | 'module' | 'lesson',
    part: { id: string; courseId: string },
    m?: EntityManager,
    lock = false,
  ): Promise<CourseRow> {
    this.assertAuthor(actor);
    const course = await this.courses.findCourse(part.courseId, m, lock);
    if (!course || !(await this.units.canActOn(actor, course.ownerUnitId, Policy.CourseAuthor))) {
      throw new NotFoundError(`${what} ${part.id} not found`);
    }
    return course;
  }

  /** True when the actor authors the course (no error either way). */
  async canAuthor(actor: Actor, courseId: string): Promise<boolean> {
    if (!admits(actor, Policy.CourseAuthor)) return false;
    const course = await this.courses.findCourse(courseId);
    return !!course && (await this.units.canActOn(actor, course.ownerUnitId, Policy.CourseAuthor));
  }

  private assertAuthor(actor: Actor): void {
    if (!admits(actor, Policy.CourseAuthor)) {
      throw new ForbiddenError('only administrators and training organisers author courses');
    }
  }

  private defaultOwnerUnit(actor: Actor): string {
    const grant =
      actor.grants.find((g) => g.permission === Permission.Organiser) ??
      actor.grants.find((g) => g.permission === Permission.Admin);
    return grant!.scopeUnitId;
  }

  /** The owner unit must be visible (404) and inside a subtree the actor authors for (403). */
  private async assertMayOwn(actor: Actor, unitId: string): Promise<void> {
    await this.units.getVisibleUnit(actor, unitId);
    if (!(await this.units.canActOn(actor, unitId, Policy.CourseAuthor))) {
      throw new ForbiddenError('the owner unit is outside the subtree you organise');
    }
  }

  private lockCourse(m: EntityManager, actor: Actor, courseId: string): Promise<CourseRow> {
    return this.authorCourse(actor, courseId, m, true);
  }

  private codeTaken(code: string): ConflictError {
    return new ConflictError(`a course with code ${code} already exists`, [
      { field: 'code', reason: 'already used (codes ignore case)' },
    ]);
  }

  // ---- copy on write ----

  /** The draft version of a locked course, copying the published version into a new draft first when there is none. */
  private async ensureDraft(m: EntityManager, actor: Actor, course: CourseRow): Promise<string> {
    if (course.draftVersionId) return course.draftVersionId;
    const now = this.clock.now();
    const from = course.publishedVersionId!;
    const versionNo = await this.courses.nextVersionNo(m, course.id);
    const draftId = await this.courses.copyVersion(m, from, versionNo, actor.accountId, now);
    await this.courses.updateCourse(m, course.id, { draftVersionId: draftId }, now);
    course.draftVersionId = draftId;
    await this.audit.record(
      {
        action: 'course.draft',
        entity: 'course',
        entityId: course.id,
        details: { versionId: draftId, versionNo, copiedFrom: from },
      },
      { actor },
      m,
    );
    return draftId;
  }

  /** A module of the draft, for an id of the draft or of the published version (its copy); locks the course. */
  private async draftModule(
    m: EntityManager,
    actor: Actor,
    moduleId: string,
  ): Promise<{ course: CourseRow; module: ModuleRow }> {
    const found = await this.courses.findModule(moduleId, m);
    if (!found) throw new NotFoundError(`module ${moduleId} not found`);
    const course = await this.authorCourseOf(actor, 'module', found, m, true);
    return { course, module: await this.resolveDraftModule(m, course, moduleId, 'moduleId', actor) };
  }

  private async resolveDraftModule(
    m: EntityManager,
    course: CourseRow,
    moduleId: string,
    field: string,
    actor?: Actor,
  ): Promise<ModuleRow> {
    const found = await this.courses.findModule(moduleId, m);
    if (!found || found.courseId !== course.id) {
      throw new NotFoundError(`${field}: module ${moduleId} not found in this course`, [
        { field, reason: 'not a module of this course' },
      ]);
    }
    if (found.versionId === course.draftVersionId) return found;
    if (found.versionId === course.publishedVersionId) {
      const draftId = actor ? await this.ensureDraft(m, actor, course) : course.draftVersionId;
      const copy = draftId ? await this.courses.findModule(copyId(draftId, moduleId), m) : null;
      if (!copy || copy.versionId !== draftId) throw this.goneFromDraft('module', moduleId, field);
      return copy;
    }
    throw await this.oldVersion(m, 'module', moduleId, found.versionId, field);
  }

  private async draftLesson(
    m: EntityManager,
    actor: Actor,
    lessonId: string,
  ): Promise<{ course: CourseRow; lesson: LessonRow }> {
    const found = await this.courses.findLesson(lessonId, m);
    if (!found) throw new NotFoundError(`lesson ${lessonId} not found`);
    const course = await this.authorCourseOf(actor, 'lesson', found, m, true);
    if (found.versionId === course.draftVersionId) return { course, lesson: found };
    if (found.versionId === course.publishedVersionId) {
      const draftId = await this.ensureDraft(m, actor, course);
      const copy = await this.courses.findLesson(copyId(draftId, lessonId), m);
      if (!copy || copy.versionId !== draftId) throw this.goneFromDraft('lesson', lessonId, 'lessonId');
      return { course, lesson: copy };
    }
    throw await this.oldVersion(m, 'lesson', lessonId, found.versionId, 'lessonId');
  }

  private goneFromDraft(what: string, id: string, field: string): ConflictError {
    return new ConflictError(`the ${what} ${id} of the published version was deleted from the draft`, [
      { field, reason: 'deleted from the draft' },
    ]);
  }

  private async oldVersion(
    m: EntityManager,
    what: string,
    id: string,
    versionId: string,
    field: string,
  ): Promise<ConflictError> {
    const no = await this.courses.versionNo(m, versionId);
    return new ConflictError(`the ${what} ${id} belongs to version ${no}, which can no longer change`, [
      { field, reason: 'belongs to a superseded version' },
    ]);
  }

  // ---- helpers ----

  private async fileTypeOf(m: EntityManager, courseId: string, fileId: string): Promise<string | null> {
    const file = await this.courses.findFile(fileId, m);
    return file && file.courseId === courseId ? file.contentType : null;
  }

  private touch(m: EntityManager, courseId: string): Promise<void> {
    return this.courses.updateCourse(m, courseId, {}, this.clock.now());
  }

  private async moduleResponse(id: string): Promise<ModuleResponse> {
    const module = await this.courses.findModule(id);
    if (!module) throw new NotFoundError(`module ${id} not found`);
    const outline = await this.courses.outline(module.versionId);
    return outline.find((x) => x.id === id)!;
  }

  private async lessonResponse(id: string): Promise<LessonResponse> {
    const lesson = await this.courses.findLesson(id);
    if (!lesson) throw new NotFoundError(`lesson ${id} not found`);
    const files = lesson.fileId ? await this.courses.findFiles(this.db.manager, [lesson.fileId]) : [];
    return this.courses.toLesson(lesson, new Map(files.map((f) => [f.id, toFileResponse(f)])));
  }
}
