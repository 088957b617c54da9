import { Injectable } from '@nestjs/common';
import { Actor, effectiveDate, ForbiddenError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { Policy } from '../../access/policy';
import { OrgUnitsService } from '../org-units.service';
import { isEmptyLoad, loadOfficialUnits, OfficialLoadReport, officialLoadSummary } from './official-units-loader';

/** The official list for administrators of the whole country: a dry run, then the load itself (audited). */
@Injectable()
export class OfficialUnitsService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly units: OrgUnitsService,
  ) {}

  async load(
    actor: Actor,
    input: { province?: string; effectiveFrom?: string; dryRun: boolean },
  ): Promise<OfficialLoadReport> {
    const root = await this.assertMayLoad(actor);
    const on = effectiveDate(input.effectiveFrom, this.work.today());
    return this.work.run(actor, async (tx) => {
      const report = await loadOfficialUnits(tx.manager, {
        province: input.province,
        effectiveFrom: on,
        dryRun: input.dryRun,
        actorAccountId: actor.accountId,
      });
      if (!input.dryRun && !isEmptyLoad(report)) {
        const details = officialLoadSummary(report);
        await tx.audit({ action: 'unit.load_official', entity: 'org_unit', entityId: root.id, details });
      }
      return report;
    });
  }

  /** Only administrators of the whole country (an admin grant on the country unit); returns the country unit. */
  async assertMayLoad(actor: Actor): Promise<{ id: string }> {
    const root = await this.units.getRoot();
    if (!(await this.units.canActOn(actor, root.id, Policy.OfficialUnitsLoad))) {
      throw new ForbiddenError('only administrators of the whole country load the official administrative units');
    }
    return root;
  }
}
