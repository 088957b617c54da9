import { Actor, ForbiddenError } from '@app/common';
import { OrgUnitsService, Policy } from '@app/org';

/**
 * The outbox holds e-mails to people of every unit (and, while unsent, their activation links): only an
 * administrator of the whole country (an admin grant on the root unit) may read it. An administrator of a
 * province or commune gets 403.
 */
export async function assertNationalAdmin(units: OrgUnitsService, actor: Actor): Promise<void> {
  const root = await units.getRoot();
  if (!(await units.canActOn(actor, root.id, Policy.OutboxRead))) {
    throw new ForbiddenError(
      'the outbox holds e-mails to people of every unit: only administrators of the whole country may read it',
    );
  }
}
