import { Module } from '@nestjs/common';
import { RosterChangeFeed, RosterChangesReadJob } from './changes/roster-change-feed';
import { RosterChangeRepository } from './changes/roster-change.repository';
import { RosterChangeSchedule } from './changes/roster-change.schedule';
import { HeadcountRepository } from './headcounts/headcount.repository';
import { HeadcountsService } from './headcounts/headcounts.service';
import { ROSTER_IMPORT_PROVIDERS, RosterImportService } from './people/import-jobs';
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

@Module({
  providers: [
    OrgUnitRepository,
    OrgUnitsService,
    UnitHistoryRepository,
    UnitHistoryService,
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
  ],
  exports: [
    OrgUnitsService,
    UnitHistoryService,
    RolesService,
    ContactPolicy,
    PeopleService,
    PersonChangesService,
    RosterHooks,
    HeadcountsService,
    RosterImportService,
    RosterChangeFeed,
    RosterChangeSchedule,
  ],
})
export class OrgModule {}
