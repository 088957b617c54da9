import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { PermanentJobError } from '@app/jobs';
import { AssignmentEnrolmentRepository, EnrolmentPair as Pair } from './assignment-enrolment.repository';
import { AssignmentSyncResult } from './dto/assignment.dto';

/** Records progress 0..100 (a job's ctx.reportProgress). */
export type ReportProgress = (percent: number) => Promise<void>;

/** Pairs written per statement: big enough to be set-based, small enough to report progress. */
const CHUNK = 10_000;

/**
 * Matching people to assignments and enrolling them, set-based (INSERT … SELECT … ON CONFLICT, thousands of rows
 * per statement). Everything is idempotent: people already members are not matched again, and every insert
 * tolerates rows an earlier (killed) run or a concurrent roster change already wrote.
 */
@Injectable()
export class AssignmentEnrolment {
  private readonly logger = new Logger(AssignmentEnrolment.name);

  constructor(
    private readonly enrolments: AssignmentEnrolmentRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Enrols everyone the assignment matches today (the `learning.assignment.enrol` job). One transaction: a run
   * killed half-way leaves nothing, and the retry does the whole work; a second run finds nobody new.
   */
  async syncAssignment(
    assignmentId: string,
    report: ReportProgress = async () => undefined,
  ): Promise<AssignmentSyncResult> {
    const started = performance.now();
    const result = await this.enrolments.transaction(async (m): Promise<AssignmentSyncResult> => {
      await this.enrolments.lock(m, assignmentId); // one run per assignment at a time; cancel waits too
      const a = await this.enrolments.findToSync(m, assignmentId);
      if (!a) throw new PermanentJobError(`assignment ${assignmentId} is gone`);
      const none = { assignmentId, matched: 0, enrolled: 0, added: 0, memberCount: a.memberCount };
      if (a.status !== 'active') return { ...none, skipped: 'the assignment is cancelled' };
      if (a.courseStatus !== 'published' || !a.versionId) return { ...none, skipped: 'the course is not published' };
      await report(5);
      const now = this.clock.now();
      const people = await this.enrolments.matchAssignment(m, assignmentId, a, this.clock.today());
      await report(15);
      let [enrolled, added] = [0, 0];
      for (let i = 0; i < people.length; i += CHUNK) {
        const chunk = people.slice(i, i + CHUNK).map((p) => ({ ...p, assignmentId }));
        const done = await this.apply(m, chunk, now);
        enrolled += done.enrolled;
        added += done.added.get(assignmentId) ?? 0;
        await report(15 + Math.floor((80 * (i + chunk.length)) / people.length));
      }
      const memberCount = await this.enrolments.addMembers(m, assignmentId, added, now);
      return { assignmentId, matched: people.length, enrolled, added, memberCount };
    });
    await report(100);
    const durationMs = Math.round(performance.now() - started);
    this.logger.log({ ...result, durationMs }, 'assignment synced');
    return result;
  }

  /**
   * The roster listener: the given people (just created, moved, given roles, back from leave…) are enrolled in
   * every active assignment they now match, inside the caller's transaction.
   */
  async enrolPeople(personIds: string[], m: EntityManager): Promise<number> {
    if (personIds.length === 0) return 0;
    if (!(await this.enrolments.anyActive(m))) return 0;
    const pairs = await this.enrolments.matchPeople(m, personIds, this.clock.today());
    if (pairs.length === 0) return 0;
    const now = this.clock.now();
    const added = new Map<string, number>();
    for (let i = 0; i < pairs.length; i += CHUNK) {
      const done = await this.apply(m, pairs.slice(i, i + CHUNK), now);
      for (const [id, n] of done.added) added.set(id, (added.get(id) ?? 0) + n);
    }
    await this.enrolments.addMemberCounts(m, added);
    return [...added.values()].reduce((s, n) => s + n, 0);
  }

  /**
   * The safety net (`learning.assignments.sync`): every active assignment is matched again, one transaction each;
   * then due dates and member counts are reconciled with the members.
   */
  async syncAll(report: ReportProgress = async () => undefined): Promise<{ assignments: number; added: number }> {
    const ids = await this.enrolments.activeIds();
    let added = 0;
    for (const [i, id] of ids.entries()) {
      added += (await this.syncAssignment(id)).added;
      await report(Math.floor((90 * (i + 1)) / ids.length));
    }
    await this.enrolments.transaction(async (m) => {
      await this.enrolments.recomputeDueDates(m, null);
      await this.enrolments.reconcileMemberCounts(m);
    });
    await report(100);
    return { assignments: ids.length, added };
  }

  /** After a cancellation: the members' due dates come from the assignments still active (null when none). */
  async recomputeDueDates(m: EntityManager, assignmentId: string): Promise<void> {
    await this.enrolments.recomputeDueDates(m, assignmentId);
  }

  /** Serialises with a running enrol of the assignment. */
  lock(m: EntityManager, assignmentId: string): Promise<unknown> {
    return this.enrolments.lock(m, assignmentId);
  }

  private async apply(
    m: EntityManager,
    pairs: Pair[],
    now: Date,
  ): Promise<{ enrolled: number; added: Map<string, number> }> {
    const done = await this.enrolments.enrolPairs(m, pairs, now);
    const added = new Map<string, number>();
    const placed = new Set<string>();
    for (const [assignmentId, personId] of done.added) {
      added.set(assignmentId, (added.get(assignmentId) ?? 0) + 1);
      placed.add(`${assignmentId}/${personId}`);
    }
    const late = pairs.filter((p) => !placed.has(`${p.assignmentId}/${p.personId}`));
    if (late.length > 0) {
      const more = await this.enrolments.enrolLate(m, late, now);
      for (const [id, n] of Object.entries(more)) added.set(id, (added.get(id) ?? 0) + n);
    }
    return { enrolled: done.enrolled, added };
  }
}
