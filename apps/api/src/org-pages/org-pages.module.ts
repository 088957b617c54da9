import { Module } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { HeadcountsPageController } from './headcounts.page.controller';
import { PeoplePageController } from './people.page.controller';
import { UnitsPageController } from './units.page.controller';

/** The roster pages: unit tree, roster, a person, declared headcounts. */
@Module({
  imports: [OrgModule],
  controllers: [UnitsPageController, PeoplePageController, HeadcountsPageController],
})
export class OrgPagesModule {}
