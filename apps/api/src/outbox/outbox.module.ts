import { Module } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { OutboxController } from './outbox.controller';
import { OutboxPageController } from './outbox.page.controller';

/** The outbox: what e-mails were (or, without SMTP, would have been) sent. National admins only. MailModule is global. */
@Module({
  imports: [OrgModule],
  controllers: [OutboxController, OutboxPageController],
})
export class OutboxModule {}
