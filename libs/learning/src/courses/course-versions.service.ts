import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '@app/common';
import { Tx } from '@app/jobs';
import { CourseAccess } from './course-access.service';
import { copyId } from './copy-id';
import { CourseRepository, CourseRow, LessonRow, ModuleRow } from './course.repository';

/**
 * Copy-on-write versions. A course has at most one draft version (edited in place) and at most one published version
 * (what new enrolments get; never changes). Every edit of a course without a draft first copies the published version
 * into a new draft (version_no + 1; modules and lessons copied, the same files), under the course row lock.
 *
 * Ids after a copy: modules and lessons are addressed by id. An id of the published version resolves to its copy
 * in the draft, whose id is copyId(draftVersionId, publishedId) (a name-based UUID, so the mapping survives
 * reordering the draft). Responses carry the draft's ids; callers continue with those. An id whose copy was deleted
 * from the draft, or an id of an older superseded version, answers 409.
 */
@Injectable()
export class CourseVersions {
  constructor(
    private readonly courses: CourseRepository,
    private readonly access: CourseAccess,
  ) {}

  /**
   * The draft version of a locked course, copying the published version into a new draft first when there is none
   * (in the edit's unit of work, audited as 'course.draft').
   */
  async ensureDraft(tx: Tx, course: CourseRow): Promise<string> {
    if (course.draftVersionId) return course.draftVersionId;
    const { manager: m, actor, now } = tx;
    const from = course.publishedVersionId!;
    const versionNo = await this.courses.nextVersionNo(m, course.id);
    const draftId = await this.courses.copyVersion(m, from, versionNo, actor.accountId, now);
    await this.courses.updateCourse(m, course.id, { draftVersionId: draftId }, now);
    course.draftVersionId = draftId;
    const details = { versionId: draftId, versionNo, copiedFrom: from };
    await tx.audit({ action: 'course.draft', entity: 'course', entityId: course.id, details });
    return draftId;
  }

  /** A module of the draft, for an id of the draft or of the published version (its copy); locks the course. */
  async draftModule(tx: Tx, moduleId: string): Promise<{ course: CourseRow; module: ModuleRow }> {
    const found = await this.courses.findModule(moduleId, tx.manager);
    if (!found) throw new NotFoundError(`module ${moduleId} not found`);
    const course = await this.access.authorCourseOf(tx.actor, 'module', found, tx.manager, true);
    return { course, module: await this.resolveDraftModule(tx.manager, course, moduleId, 'moduleId', tx) };
  }

  /**
   * The draft module an id names, in a locked course. Without `copyIn` (the unit of work that may copy the draft) no
   * draft is copied (an id of the published version then resolves only when the draft already exists).
   */
  async resolveDraftModule(
    m: EntityManager,
    course: CourseRow,
    moduleId: string,
    field: string,
    copyIn?: Tx,
  ): Promise<ModuleRow> {
    const found = await this.courses.findModule(moduleId, m);
    if (!found || found.courseId !== course.id) {
      throw new NotFoundError(`${field}: module ${moduleId} not found in this course`, [
        { field, reason: 'not a module of this course' },
      ]);
    }
    if (found.versionId === course.draftVersionId) return found;
    if (found.versionId === course.publishedVersionId) {
      const draftId = copyIn ? await this.ensureDraft(copyIn, course) : course.draftVersionId;
      const copy = draftId ? await this.courses.findModule(copyId(draftId, moduleId), m) : null;
      if (!copy || copy.versionId !== draftId) throw this.goneFromDraft('module', moduleId, field);
      return copy;
    }
    throw await this.oldVersion(m, 'module', moduleId, found.versionId, field);
  }

  /** A lesson of the draft, for an id of the draft or of the published version (its copy); locks the course. */
  async draftLesson(tx: Tx, lessonId: string): Promise<{ course: CourseRow; lesson: LessonRow }> {
    const m = tx.manager;
    const found = await this.courses.findLesson(lessonId, m);
    if (!found) throw new NotFoundError(`lesson ${lessonId} not found`);
    const course = await this.access.authorCourseOf(tx.actor, 'lesson', found, m, true);
    if (found.versionId === course.draftVersionId) return { course, lesson: found };
    if (found.versionId === course.publishedVersionId) {
      const draftId = await this.ensureDraft(tx, course);
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
}
