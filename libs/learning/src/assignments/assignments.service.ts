import { Injectable } from '@nestjs/common';
import { Actor, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@app/common';
import { JobDispatcher, JobResponse, JobsQueryService, UnitOfWork } from '@app/jobs';
import { admits, OrgUnitsService, Policy, RolesService, scopesFor } from '@app/org';
import { AssignmentEnrolment } from './assignment-enrolment';
import { AssignmentRepository } from './assignment.repository';
import {
  ASSIGNMENT_ENROL_JOB,
  AssignmentListResponse,
  AssignmentResponse,
  ASSIGNMENTS_SYNC_JOB,
  CreateAssignmentDto,
  ListAssignmentsQueryDto,
} from './dto/assignment.dto';

/** A due date may lie at most this many years ahead (the programme runs to 2028; typos like 9999 are refused). */
const MAX_YEARS_AHEAD = 10;

/** The scopes where the actor reads assignments; learners (none) are refused. */
export const readerScopes = (actor: Actor): string[] => {
  const scopes = scopesFor(actor, Policy.AssignmentRead);
  if (scopes.length === 0) throw new ForbiddenError('learners cannot read assignments');
  return scopes;
};

/** The business key of an assignment's enrol job. */
export const assignmentJobKey = (assignmentId: string): string => `assignment:${assignmentId}`;

/**
 * Assignments: an organiser assigns a published course to the people of a unit subtree holding some roles, by a
 * due date. Creating one dispatches the enrol job in the same transaction; people who later match are enrolled by
 * the roster listener; everything is scoped to the caller's subtrees.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly repo: AssignmentRepository,
    private readonly enrolment: AssignmentEnrolment,
    private readonly units: OrgUnitsService,
    private readonly roles: RolesService,
    private readonly jobs: JobDispatcher,
    private readonly jobQueries: JobsQueryService,
  ) {}

  async create(actor: Actor, dto: CreateAssignmentDto): Promise<AssignmentResponse> {
    if (!admits(actor, Policy.AssignmentManage)) {
      throw new ForbiddenError('only administrators and organisers assign courses');
    }
    const today = this.work.today();
    if (dto.dueDate < today) {
      throw new ValidationError('dueDate is in the past', [{ field: 'dueDate', reason: `before today (${today})` }]);
    }
    const latest = `${Number(today.slice(0, 4)) + MAX_YEARS_AHEAD}${today.slice(4)}`;
    if (dto.dueDate > latest) {
      throw new ValidationError('dueDate is too far ahead', [
        { field: 'dueDate', reason: `more than ${MAX_YEARS_AHEAD} years ahead (after ${latest})` },
      ]);
    }
    const unit = await this.repo.unit(dto.unitId);
    if (!unit) throw new ValidationError('unitId: unknown unit', [{ field: 'unitId', reason: 'unknown unit' }]);
    if (!(await this.units.canActOn(actor, unit.id, Policy.AssignmentManage))) {
      throw new ForbiddenError('the unit is outside the subtree you manage');
    }
    if (unit.status !== 'active') {
      throw new ValidationError(`unitId: unit ${unit.code} is closed`, [{ field: 'unitId', reason: 'closed unit' }]);
    }
    const roleIds = [...new Set(dto.roleIds)];
    const active = await this.roles.activeIds(roleIds);
    const unknown = roleIds.filter((id) => !active.has(id));
    if (unknown.length) {
      throw new ValidationError(`roleIds: unknown or retired roles ${unknown.join(', ')}`, [
        { field: 'roleIds', reason: 'unknown or retired role' },
      ]);
    }
    await this.assertAssignable(actor, dto.courseId);
    const details = { courseId: dto.courseId, unitId: unit.id, roleIds, dueDate: dto.dueDate };
    const audit = (id: string) => ({ action: 'assignment.create', entity: 'assignment', entityId: id, details });
    const id = await this.work.run(actor, { audit }, async (tx) => {
      const assignmentId = await this.repo.insert(tx.manager, { ...details, createdBy: actor.accountId, now: tx.now });
      const payload = { assignmentId };
      await tx.dispatch(ASSIGNMENT_ENROL_JOB, assignmentJobKey(assignmentId), payload, { unitId: unit.id });
      return assignmentId;
    });
    return this.withJob(await this.getOrThrow(id));
  }

  async list(actor: Actor, q: ListAssignmentsQueryDto): Promise<AssignmentListResponse> {
    const scopes = this.scopes(actor);
    if (q.unitId) await this.units.getVisibleUnit(actor, q.unitId);
    return this.repo.list(scopes, this.work.today(), {
      courseId: q.courseId,
      unitId: q.unitId,
      status: q.status,
      limit: q.limit,
      offset: q.offset,
    });
  }

  async get(actor: Actor, id: string): Promise<AssignmentResponse> {
    return this.withJob(await this.visible(actor, id));
  }

  /**
   * Cancels: enrolments stay; their due dates come from the assignments still active. Only organisers (and admins)
   * over the assignment unit: one covered by it from below reads it but gets 403 here.
   */
  async cancel(actor: Actor, id: string): Promise<AssignmentResponse> {
    const assignment = await this.visible(actor, id);
    if (!(await this.units.canActOn(actor, assignment.unitId, Policy.AssignmentManage))) {
      throw new ForbiddenError('only organisers of the unit may cancel the assignment');
    }
    const audit = { action: 'assignment.cancel', entity: 'assignment', entityId: id };
    await this.work.run(actor, { audit }, async ({ manager: m, now }) => {
      await this.enrolment.lock(m, id);
      if (!(await this.repo.cancel(m, id, now))) {
        throw new ConflictError('the assignment is already cancelled');
      }
      await this.enrolment.recomputeDueDates(m, id);
    });
    return this.withJob(await this.getOrThrow(id));
  }

  /** Published courses the actor may assign, for the form. */
  assignableCourses(actor: Actor): Promise<Array<{ id: string; code: string; title: string }>> {
    return this.repo.assignableCourses(this.managerScopes(actor));
  }

  /** A unit by code for the form; null when unknown. */
  async unitByCode(code: string): Promise<{ id: string; code: string; name: string } | null> {
    const unit = await this.repo.unitByCode(code);
    return unit ? { id: unit.id, code: unit.code, name: unit.name } : null;
  }

  /** Dispatches the safety net (`learning.assignments.sync`) once per key (e.g. a day: `2026-01-15`). */
  dispatchSyncAll(key: string = this.work.today()): Promise<JobResponse> {
    return this.jobs.dispatch(ASSIGNMENTS_SYNC_JOB, `assignments.sync:${key}`, {});
  }

  private async assertAssignable(actor: Actor, courseId: string): Promise<void> {
    const course = await this.repo.course(courseId);
    const author = course ? await this.units.canActOn(actor, course.ownerUnitId, Policy.AssignmentManage) : false;
    // A draft is visible to its authors only: to anyone else it does not exist.
    // A closed course of another branch of the tree is not theirs to assign either.
    const assignable = course ? author || (await this.repo.mayAssign(course.id, this.managerScopes(actor))) : false;
    if (!course || (course.status === 'draft' && !author) || !assignable) {
      throw new ValidationError('courseId: unknown course', [{ field: 'courseId', reason: 'unknown course' }]);
    }
    if (course.status !== 'published' || !course.publishedVersionId) {
      throw new ConflictError(`the course is ${course.status}: only a published course can be assigned`, [
        { field: 'courseId', reason: `course is ${course.status}` },
      ]);
    }
  }

  /** The scopes where the actor may assign (admin and organiser grants). */
  private managerScopes(actor: Actor): string[] {
    return scopesFor(actor, Policy.AssignmentManage);
  }

  private scopes(actor: Actor): string[] {
    return readerScopes(actor);
  }

  /**
   * The assignment as the actor sees it, if its unit lies in a scope where they may read assignments or it covers
   * one of those scopes (assigned from above: memberCount of their part only); 404 otherwise.
   */
  private async visible(actor: Actor, id: string): Promise<AssignmentResponse> {
    const assignment = await this.repo.findVisible(id, this.scopes(actor), this.work.today());
    if (!assignment) throw new NotFoundError(`assignment ${id} not found`);
    return assignment;
  }

  private async getOrThrow(id: string): Promise<AssignmentResponse> {
    const assignment = await this.repo.findById(id);
    if (!assignment) throw new NotFoundError(`assignment ${id} not found`);
    return assignment;
  }

  private async withJob(a: AssignmentResponse): Promise<AssignmentResponse> {
    const job = await this.jobQueries.getByBusinessKey(assignmentJobKey(a.id)).catch(() => null);
    return {
      ...a,
      jobId: job?.id ?? a.jobId,
      job: job ? { id: job.id, status: job.status, progress: job.progress } : null,
    };
  }
}
