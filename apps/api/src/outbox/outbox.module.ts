import { Module } from '@nestjs/common';
import { OutboxController } from './outbox.controller';
import { OutboxPageController } from './outbox.page.controller';

/** The outbox: what e-mails were (or, without SMTP, would have been) sent. Admins only. MailModule is global. */
@Module({
  controllers: [OutboxController, OutboxPageController],
})
export class OutboxModule {}
