import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { OrgModule } from '@app/org';
import { AccountsController } from './accounts.controller';
import { AccountsPageController } from './accounts.page.controller';

@Module({
  imports: [IdentityModule, OrgModule],
  controllers: [AccountsController, AccountsPageController],
})
export class AccountsModule {}
