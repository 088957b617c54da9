import { Module } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { HeadcountsPageController } from './headcounts.page.controller';
import { PeoplePageController } from './people.page.controller';
import { RosterImportPageController } from './roster-import.page.controller';
import { UnitsPageController } from './units.page.controller';

/**
 * The roster pages: unit tree, roster, a person, declared headcounts, the roster import (its upload is parsed by
 * the streamed upload mechanism, http/uploads).
 */
@Module({
  imports: [OrgModule],
  controllers: [UnitsPageController, PeoplePageController, HeadcountsPageController, RosterImportPageController],
})
export class OrgPagesModule {}
