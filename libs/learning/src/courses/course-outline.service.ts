import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, NotFoundError } from '@app/common';
import { Tx, UnitOfWork } from '@app/jobs';
import { CourseAccess } from './course-access.service';
import { CourseVersions } from './course-versions.service';
import { CourseRepository, LessonRow, ModuleRow, toFileResponse } from './course.repository';
import { LessonResponse, ModuleResponse } from './dto/course.dto';
import { CreateLessonDto, CreateModuleDto, UpdateLessonDto, UpdateModuleDto } from './dto/module.dto';
import { checkLessonContent } from './lesson-content';

const clamp = (value: number, min: number, max: number): number => Math.min(Math.max(value, min), max);

/**
 * Outline editing: the modules and lessons of a course's draft (add, edit, move, delete). Every edit runs under the
 * course row lock and goes to the draft, copied from the published version first when there is none (CourseVersions);
 * an id of the published version edits its draft copy and the response carries the copy's id.
 */
@Injectable()
export class CourseOutlineService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly courses: CourseRepository,
    private readonly access: CourseAccess,
    private readonly versions: CourseVersions,
  ) {}

  // ---- modules ----

  async addModule(actor: Actor, courseId: string, dto: CreateModuleDto): Promise<ModuleResponse> {
    const id = await this.work.run(actor, async (tx) => {
      const m = tx.manager;
      const course = await this.access.lockCourse(m, actor, courseId);
      const versionId = await this.versions.ensureDraft(tx, course);
      const count = await this.courses.countModules(m, versionId);
      const position = clamp(dto.position ?? count + 1, 1, count + 1);
      const moduleId = await this.courses.insertModule(m, versionId, position, dto.title);
      await this.touch(tx, courseId, 'course.module_add', { versionId, moduleId });
      return moduleId;
    });
    return this.moduleResponse(id);
  }

  async getModule(actor: Actor, moduleId: string): Promise<ModuleResponse> {
    const module = await this.courses.findModule(moduleId);
    if (!module) throw new NotFoundError(`module ${moduleId} not found`);
    await this.access.authorCourseOf(actor, 'module', module);
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
    const id = await this.work.run(actor, async (tx) => {
      const m = tx.manager;
      const { course, module } = await this.versions.draftModule(tx, moduleId);
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
        const details = { versionId: module.versionId, moduleId: module.id, fields };
        await this.touch(tx, course.id, 'course.module_update', details);
      }
      return module.id;
    });
    return this.moduleResponse(id);
  }

  /** Deletes a module of the draft with its lessons. */
  async deleteModule(actor: Actor, moduleId: string): Promise<void> {
    await this.work.run(actor, async (tx) => {
      const { course, module } = await this.versions.draftModule(tx, moduleId);
      const lessons = await this.courses.countLessons(tx.manager, { moduleId: module.id });
      await this.courses.deleteModule(tx.manager, module);
      const details = { versionId: module.versionId, moduleId: module.id, lessonsDeleted: lessons };
      await this.touch(tx, course.id, 'course.module_delete', details);
    });
  }

  // ---- lessons ----

  async getLesson(actor: Actor, lessonId: string): Promise<LessonResponse> {
    const lesson = await this.courses.findLesson(lessonId);
    if (!lesson) throw new NotFoundError(`lesson ${lessonId} not found`);
    await this.access.authorCourseOf(actor, 'lesson', lesson);
    return this.lessonResponse(lesson.id);
  }

  async addLesson(actor: Actor, moduleId: string, dto: CreateLessonDto): Promise<LessonResponse> {
    const id = await this.work.run(actor, async (tx) => {
      const m = tx.manager;
      const { course, module } = await this.versions.draftModule(tx, moduleId);
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
      const details = { versionId: module.versionId, moduleId: module.id, lessonId, kind: dto.kind };
      await this.touch(tx, course.id, 'course.lesson_add', details);
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
    const id = await this.work.run(actor, async (tx) => {
      const m = tx.manager;
      const { course, lesson } = await this.versions.draftLesson(tx, lessonId);
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
        const target = await this.versions.resolveDraftModule(m, course, dto.moduleId, 'moduleId');
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
        const details = { versionId: lesson.versionId, lessonId: lesson.id, fields };
        await this.touch(tx, course.id, 'course.lesson_update', details);
      }
      return lesson.id;
    });
    return this.lessonResponse(id);
  }

  async deleteLesson(actor: Actor, lessonId: string): Promise<void> {
    await this.work.run(actor, async (tx) => {
      const { course, lesson } = await this.versions.draftLesson(tx, lessonId);
      await this.courses.deleteLesson(tx.manager, lesson);
      await this.touch(tx, course.id, 'course.lesson_delete', { versionId: lesson.versionId, lessonId: lesson.id });
    });
  }

  // ---- helpers ----

  private async fileTypeOf(m: EntityManager, courseId: string, fileId: string): Promise<string | null> {
    const file = await this.courses.findFile(fileId, m);
    return file && file.courseId === courseId ? file.contentType : null;
  }

  /** Every outline edit: the course's updated_at moves, and the edit is audited on the course. */
  private async touch(tx: Tx, courseId: string, action: string, details: Record<string, unknown>): Promise<void> {
    await this.courses.updateCourse(tx.manager, courseId, {}, tx.now);
    await tx.audit({ action, entity: 'course', entityId: courseId, details });
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
    const file = lesson.fileId ? await this.courses.findFile(lesson.fileId) : null;
    const files = file ? [file] : [];
    return this.courses.toLesson(lesson, new Map(files.map((f) => [f.id, toFileResponse(f)])));
  }
}
