import { Injectable } from '@nestjs/common';
import { Actor, ConflictError, ForbiddenError, NotFoundError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { Policy } from '../access/policy';
import { OrgUnitsService } from '../units/org-units.service';
import { CancelledPersonChange } from './dto/person-change.dto';
import { RosterChange } from '../changes/roster-change';
import { RosterChangeLog } from '../changes/roster-change-log';
import { PeriodKind, PersonPeriod, PersonPeriodsRepository } from './person-periods.repository';
import { RosterHooks } from './roster-hooks';

/**
 * Cancels a person's move or status change dated after today (a change dated in the future is a plan, and plans
 * change): the period it opened is dropped and the one before it is open again. Allowed to whoever may make the
 * change (a manager of the person's unit and, for a move, of the unit they return to); audited.
 */
@Injectable()
export class PersonChangesService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly periods: PersonPeriodsRepository,
    private readonly units: OrgUnitsService,
    private readonly hooks: RosterHooks,
  ) {}

  cancelMove(actor: Actor, personId: string): Promise<CancelledPersonChange> {
    return this.cancel(actor, personId, 'membership');
  }

  cancelStatus(actor: Actor, personId: string): Promise<CancelledPersonChange> {
    return this.cancel(actor, personId, 'status');
  }

  private async cancel(actor: Actor, personId: string, kind: PeriodKind): Promise<CancelledPersonChange> {
    const change = kind === 'membership' ? 'move' : 'status';
    return this.work.run(actor, async (tx) => {
      const { manager: m, today } = tx;
      const person = await this.periods.lockPerson(m, personId);
      if (!person?.unitId || !(await this.units.canActOn(actor, person.unitId, Policy.RosterWrite))) {
        throw new NotFoundError(`person ${personId} not found`);
      }
      const { open, previous } = await this.periods.openAndPrevious(m, kind, personId);
      if (!open || !previous || open.validFrom <= today) {
        throw new ConflictError(`the person has no ${change} dated after today to cancel`, [
          { field: 'id', reason: `no future-dated ${change}` },
        ]);
      }
      if (kind === 'membership') {
        if (!(await this.units.canActOn(actor, previous.value, Policy.RosterWrite))) {
          throw new ForbiddenError('the unit the person would return to is outside the subtree you manage');
        }
        if (!(await this.periods.unitIsActive(m, previous.value))) {
          throw new ConflictError('the unit the person would return to is closed: move the person instead');
        }
      }
      await this.periods.reopen(m, kind, personId, open, previous);
      await RosterChangeLog.append(m, [cancellation(kind, personId, person.unitId, open, previous)]);
      await this.hooks.peopleChanged([personId], m);
      const details = { cancelledEffectiveFrom: open.validFrom, cancelled: open.value, restored: previous.value };
      await tx.audit({ action: `person.${change}_cancel`, entity: 'person', entityId: personId, details });
      return {
        personId,
        change,
        cancelledEffectiveFrom: open.validFrom,
        restored: { value: previous.value, validFrom: previous.validFrom },
      };
    });
  }
}

/**
 * The log row of a cancelled change: from the day the cancelled change would have begun, the person keeps the
 * restored unit or status, i.e. the reverse change on that same day (marked `cancels`).
 */
function cancellation(
  kind: PeriodKind,
  personId: string,
  unitId: string,
  open: PersonPeriod,
  previous: PersonPeriod,
): RosterChange {
  const common = { effectiveFrom: open.validFrom, personId, payload: { cancels: true } };
  if (kind === 'membership') {
    return { ...common, kind: 'person_moved', unitId: previous.value, otherUnitId: open.value };
  }
  const status = { ...common, unitId, payload: { ...common.payload, status: previous.value } };
  return { ...status, kind: previous.value === 'left' ? 'person_left' : 'person_status' };
}
