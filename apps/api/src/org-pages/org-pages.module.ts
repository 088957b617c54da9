import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { HeadcountsPageController } from './headcounts.page.controller';
import { PeoplePageController } from './people.page.controller';
import { RosterImportPageController } from './roster-import.page.controller';
import { RosterUploadMiddleware } from './roster-upload.middleware';
import { UnitsPageController } from './units.page.controller';

/** The roster pages: unit tree, roster, a person, declared headcounts, the roster import. */
@Module({
  imports: [OrgModule],
  controllers: [UnitsPageController, PeoplePageController, HeadcountsPageController, RosterImportPageController],
})
export class OrgPagesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RosterUploadMiddleware).forRoutes({ path: 'roster-import', method: RequestMethod.POST });
  }
}
