import { EntityManager } from 'typeorm';
import { ConflictError, ValidationError } from '@app/common';
import { RosterChange } from '../../changes/roster-change';
import { RosterChangeLog } from '../../changes/roster-change-log';
import { PlanMember } from './plan-analysis';
import { PlanRow } from './plan-rows';
import type { RestructureReport } from './restructure.engine';
import { PartialRule } from './restructure.repository';
import { PersonMove, RestructureWritesRepository } from './restructure-writes.repository';

/** An old unit a plan divides between new units (and which goes on when it is one of them). */
export interface PartialUnit {
  code: string;
  id: string;
  /** The new unit codes, in the plan's order (the first one gets the people left, by the review rule). */
  targets: string[];
  continues: boolean;
}

export interface DivisionInput {
  partials: readonly PartialUnit[];
  byOld: ReadonlyMap<string, PlanRow[]>;
  members: readonly PlanMember[];
  ids: ReadonlyMap<string, string>;
  on: string;
  rule: PartialRule;
}

/**
 * The divisions, all at once: the people listed for each new unit move there; those left in a unit that closes
 * go to its first named unit (the review rule) or the plan is refused; the units that do not go on close.
 * Returns the people moved and, per closing unit, the share of its people each new unit received.
 */
export async function dividePartials(
  writes: RestructureWritesRepository,
  m: EntityManager,
  input: DivisionInput,
  report: RestructureReport,
): Promise<{ movedPeople: string[]; shares: Array<{ fromUnitId: string; toUnitId: string; share: number }> }> {
  const { partials, byOld, members, ids, on, rule } = input;
  const memberKeys = new Map<string, PlanMember>();
  for (const p of members) {
    memberKeys.set(`${p.unitId}:${p.id}`, p);
    if (p.employeeCode) memberKeys.set(`${p.unitId}:${p.employeeCode}`, p);
  }
  const listed: PersonMove[] = [];
  const expected = new Map<string, number>();
  for (const p of partials) {
    for (const r of byOld.get(p.code)!) {
      if (r.newCode === p.code) continue;
      const toId = ids.get(r.newCode)!;
      const people = new Set(r.people.map((key) => memberKeys.get(`${p.id}:${key}`)!.id));
      for (const personId of people) listed.push({ personId, fromId: p.id, toId });
      expected.set(`${p.id}>${toId}`, (expected.get(`${p.id}>${toId}`) ?? 0) + people.size);
    }
  }
  const moved = new Map<string, number>();
  for (const c of await writes.movePeople(m, listed, on)) moved.set(`${c.fromId}>${c.toId}`, c.people);
  for (const p of partials) {
    for (const t of p.targets.filter((x) => x !== p.code)) {
      const key = `${p.id}>${ids.get(t)}`;
      if ((moved.get(key) ?? 0) !== (expected.get(key) ?? 0)) {
        const field = `people (${p.code} → ${t})`;
        throw new ValidationError(`${field}: some people are not members of the split unit`, [
          { field, reason: 'not all members of the unit' },
        ]);
      }
    }
  }
  // Whoever is left in a unit that closes.
  const closing = partials.filter((p) => !p.continues);
  const rest = await writes.activeMembers(
    m,
    closing.map((p) => p.id),
    on,
  );
  if (rest.length > 0 && rule !== 'first_for_review') {
    throw new ConflictError(`${rest.length} people of the divided units are not assigned to any new unit`, {
      unassigned: rest.length,
    });
  }
  const firstOf = new Map(closing.map((p) => [p.id, ids.get(p.targets[0])!]));
  const restMoved = new Map<string, number>();
  const restMoves = rest.map((x) => ({ personId: x.personId, fromId: x.unitId, toId: firstOf.get(x.unitId)! }));
  for (const c of await writes.movePeople(m, restMoves, on)) restMoved.set(c.fromId, c.people);

  const codeOf = new Map(partials.map((p) => [p.id, p.code]));
  for (const x of rest) {
    report.forReviewCount++;
    if (report.forReview.length >= 1000) continue;
    const p = memberKeys.get(`${x.unitId}:${x.personId}`);
    const code = codeOf.get(x.unitId)!;
    const toCode = partials.find((q) => q.id === x.unitId)!.targets[0];
    report.forReview.push({
      employeeCode: p?.employeeCode ?? null,
      fullName: p?.fullName ?? '',
      fromCode: code,
      toCode,
    });
  }
  await writes.closeUnits(
    m,
    closing.map((p) => p.id),
    on,
  );

  const log: RosterChange[] = [];
  const shares: Array<{ fromUnitId: string; toUnitId: string; share: number }> = [];
  const total = new Map<string, number>();
  for (const p of members) total.set(p.unitId, (total.get(p.unitId) ?? 0) + 1);
  for (const p of partials) {
    report.split++;
    for (const [k, t] of p.targets.entries()) {
      if (t === p.code) continue;
      const toId = ids.get(t)!;
      const n = moved.get(`${p.id}>${toId}`) ?? 0;
      const restN = k === 0 && !p.continues ? (restMoved.get(p.id) ?? 0) : 0;
      report.people += n + restN;
      log.push({ kind: 'unit_split', effectiveFrom: on, unitId: toId, otherUnitId: p.id, payload: { people: n } });
      if (restN > 0) {
        const payload = { people: restN, forReview: true };
        log.push({ kind: 'unit_split', effectiveFrom: on, unitId: toId, otherUnitId: p.id, payload });
      }
      const all = total.get(p.id) ?? 0;
      if (!p.continues && all > 0 && n + restN > 0) {
        shares.push({ fromUnitId: p.id, toUnitId: toId, share: (n + restN) / all });
      }
    }
  }
  await RosterChangeLog.append(m, log);
  const movedPeople = [...listed.map((x) => x.personId), ...restMoves.map((x) => x.personId)];
  return { movedPeople, shares };
}
