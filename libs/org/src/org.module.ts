import { Module } from '@nestjs/common';
import { RosterChangeFeed, RosterChangesReadJob } from './changes/roster-change-feed';
import { RosterChangeRepository } from './changes/roster-change.repository';
import { RosterChangeSchedule } from './changes/roster-change.schedule';
import { HeadcountRepository } from './headcounts/headcount.repository';
import { HeadcountsService } from './headcounts/headcounts.service';
import { ROSTER_IMPORT_PROVIDERS, RosterImportService, RosterReferenceService } from './people/import-jobs';
import { ContactPolicy } from './people/contact-policy';
import { PeopleService } from './people/people.service';
import { PersonChangesService } from './people/person-changes.service';
import { PersonPeriodsRepository } from './people/person-periods.repository';
import { PersonRepository } from './people/person.repository';
import { RosterHooks } from './people/roster-hooks';
import { RoleRepository } from './roles/role.repository';
import { RolesService } from './roles/roles.service';
import { OrgUnitRepository } from './units/org-unit.repository';
import { OrgUnitsService } from './units/org-units.service';
import { UnitHistoryRepository } from './units/unit-history.repository';
import { UnitHistoryService } from './units/unit-history.service';
import { OfficialUnitsService } from './units/official/official-units.service';
import { RestructureEngine } from './units/restructure/restructure.engine';
import { RestructurePlanJob } from './units/restructure/restructure-plan.job';
import { RestructurePlansService } from './units/restructure/restructure-plans.service';
import { RestructureRepository } from './units/restructure/restructure.repository';
import { PreReformHistory } from './units/restructure/pre-reform-history';
import { UnitPeopleCountRepository } from './units/people-counts/unit-people-count.repository';
import { UnitPeopleCountUpkeep } from './units/people-counts/unit-people-count-upkeep';
import { UnitPeopleCountsService } from './units/people-counts/unit-people-counts.service';

@Module({
  providers: [
    OrgUnitRepository,
    OrgUnitsService,
    UnitHistoryRepository,
    UnitHistoryService,
    OfficialUnitsService,
    RoleRepository,
    RolesService,
    PersonRepository,
    ContactPolicy,
    PeopleService,
    PersonPeriodsRepository,
    PersonChangesService,
    RosterHooks,
    HeadcountRepository,
    HeadcountsService,
    ...ROSTER_IMPORT_PROVIDERS,
    RosterChangeRepository,
    RosterChangeFeed,
    RosterChangesReadJob,
    RosterChangeSchedule,
    RestructureRepository,
    RestructureEngine,
    RestructurePlansService,
    RestructurePlanJob,
    PreReformHistory,
    UnitPeopleCountRepository,
    UnitPeopleCountUpkeep,
    UnitPeopleCountsService,
  ],
  exports: [
    OrgUnitsService,
    UnitHistoryService,
    OfficialUnitsService,
    RolesService,
    ContactPolicy,
    PeopleService,
    PersonChangesService,
    RosterHooks,
    HeadcountsService,
    RosterImportService,
    RosterReferenceService,
    RosterChangeFeed,
    RosterChangeSchedule,
    RestructurePlansService,
    PreReformHistory,
    UnitPeopleCountUpkeep,
    UnitPeopleCountsService,
  ],
})
export class OrgModule {}
