import { Injectable } from '@nestjs/common';
import { Actor, Clock, NotFoundError } from '@app/common';
import { AssignmentProgressRepository } from './assignment-progress.repository';
import { AssignmentRepository, UnitRow } from './assignment.repository';
import { readerScopes } from './assignments.service';
import {
  AssignmentProgressQueryDto,
  AssignmentProgressResponse,
  ProgressCounts,
  ProgressUnitRow,
} from './dto/assignment.dto';

const ZERO: ProgressCounts = { assigned: 0, started: 0, completed: 0, overdue: 0, notStarted: 0 };
const COUNT_KEYS = Object.keys(ZERO) as Array<keyof ProgressCounts>;

/** Assignment progress, a read model of the members' enrolments by unit (AssignmentProgressRepository). */
@Injectable()
export class AssignmentProgressService {
  constructor(
    private readonly assignments: AssignmentRepository,
    private readonly progressRows: AssignmentProgressRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Assigned / started / completed / overdue / not started for the assignment unit (or `unitId` below it), with
   * one row per child unit, counting members by the unit of their current membership. For an assignment from above
   * only the caller's part: by default their scope unit inside the assignment unit, and `unitId` must lie inside
   * both (404 otherwise); the path starts at their scope, and only people inside their scopes are counted.
   */
  async progress(actor: Actor, id: string, q: AssignmentProgressQueryDto): Promise<AssignmentProgressResponse> {
    const scopes = readerScopes(actor);
    const assignment = await this.assignments.findVisible(id, scopes, this.clock.today());
    if (!assignment) throw new NotFoundError(`assignment ${id} not found`);
    const unitId =
      q.unitId ??
      (assignment.assignedFromAbove ? await this.progressRows.firstPart(assignment.unitId, scopes) : assignment.unitId);
    if (!unitId || !(await this.progressRows.withinBoth(assignment.unitId, unitId, scopes))) {
      throw new NotFoundError(`unit ${unitId ?? '(none)'} is not part of this assignment in your scope`);
    }
    const unit = (await this.assignments.unit(unitId)) as UnitRow;
    const today = this.clock.today();
    const wholeAssignment = !assignment.assignedFromAbove && unitId === assignment.unitId;
    const [counts, children, path, elsewhere] = await Promise.all([
      this.progressRows.progressByChild(id, unitId, today, scopes),
      this.progressRows.children(unitId, scopes),
      this.progressRows.path(assignment.unitId, unitId, scopes),
      wholeAssignment ? this.progressRows.membersElsewhere(id, unitId, today) : Promise.resolve(0),
    ]);
    const byUnit = new Map(counts.map(({ unitId: u, ...c }) => [u, c]));
    const rows: ProgressUnitRow[] = [];
    const direct = byUnit.get(unitId);
    if (direct) {
      rows.push({ unitId, code: unit.code, name: unit.name, child: false, hasChildren: false, ...direct });
    }
    for (const c of children) {
      const figures = byUnit.get(c.id);
      if (!figures && c.status !== 'active') continue; // closed units with nobody left are not shown
      rows.push({
        unitId: c.id,
        code: c.code,
        name: c.name,
        child: true,
        hasChildren: c.hasChildren,
        ...(figures ?? ZERO),
      });
    }
    const totals = { ...ZERO };
    for (const c of counts) for (const k of COUNT_KEYS) totals[k] += c[k];
    return {
      assignmentId: id,
      unit: { id: unit.id, code: unit.code, name: unit.name },
      path,
      asOf: today,
      totals,
      rows,
      elsewhere,
    };
  }
}
