import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, ForbiddenError, NotFoundError, Permission } from '@app/common';
import { admits, OrgUnitsService, Policy } from '@app/org';
import { CourseRow, CourseRepository } from './course.repository';

/**
 * Who authors a course: administrators and the organisers of the owner unit's subtree (Policy.CourseAuthor). To
 * anyone else a course, and its modules and lessons, does not exist (404).
 */
@Injectable()
export class CourseAccess {
  constructor(
    private readonly courses: CourseRepository,
    private readonly units: OrgUnitsService,
  ) {}

  /** The course when the actor authors it (admin, or organiser of the owner unit's subtree); 404 otherwise. */
  async authorCourse(actor: Actor, courseId: string, m?: EntityManager, lock = false): Promise<CourseRow> {
    return this.authorCourseOf(actor, 'course', { id: courseId, courseId }, m, lock);
  }

  /**
   * The course of a module or lesson (or the course itself) when the actor authors it. Otherwise the module or lesson
   * is "not found" under its own id, exactly as one that does not exist: the course id of another subtree is never
   * named.
   */
  async authorCourseOf(
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

  /** The authored course under its row lock (the lock that serialises every edit of one course). */
  lockCourse(m: EntityManager, actor: Actor, courseId: string): Promise<CourseRow> {
    return this.authorCourse(actor, courseId, m, true);
  }

  /** True when the actor authors the course (no error either way). */
  async canAuthor(actor: Actor, courseId: string): Promise<boolean> {
    if (!admits(actor, Policy.CourseAuthor)) return false;
    const course = await this.courses.findCourse(courseId);
    return !!course && (await this.units.canActOn(actor, course.ownerUnitId, Policy.CourseAuthor));
  }

  assertAuthor(actor: Actor): void {
    if (!admits(actor, Policy.CourseAuthor)) {
      throw new ForbiddenError('only administrators and training organisers author courses');
    }
  }

  /** The unit a new course belongs to when none is named: the actor's organiser grant, else admin grant. */
  defaultOwnerUnit(actor: Actor): string {
    const grant =
      actor.grants.find((g) => g.permission === Permission.Organiser) ??
      actor.grants.find((g) => g.permission === Permission.Admin);
    return grant!.scopeUnitId;
  }

  /** The owner unit must be visible (404) and inside a subtree the actor authors for (403). */
  async assertMayOwn(actor: Actor, unitId: string): Promise<void> {
    await this.units.getVisibleUnit(actor, unitId);
    if (!(await this.units.canActOn(actor, unitId, Policy.CourseAuthor))) {
      throw new ForbiddenError('the owner unit is outside the subtree you organise');
    }
  }
}
