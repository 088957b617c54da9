import { Module } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { HeadcountsPageController } from './headcounts.page.controller';
import { OfficialUnitsPageController } from './official-units.page.controller';
import { PeoplePageController } from './people.page.controller';
import { RosterImportPageController } from './roster-import.page.controller';
import { UnitsPageController } from './units.page.controller';
import { RestructurePageController } from './restructure.page.controller';

/**
 * The roster pages: unit tree, roster, a person, declared headcounts, the roster import (its upload is parsed by
 * the streamed upload mechanism, http/uploads).
 */
@Module({
  imports: [OrgModule],
  // /units/official and /units/restructure come before /units/:id: they are not unit ids.
  controllers: [
    OfficialUnitsPageController,
    RestructurePageController,
    UnitsPageController,
    PeoplePageController,
    HeadcountsPageController,
    RosterImportPageController,
  ],
})
export class OrgPagesModule {}
