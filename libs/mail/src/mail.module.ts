import { Global, Module } from '@nestjs/common';
import { DeliverMailJob } from './deliver-mail.job';
import { MailDeliveryService } from './mail-delivery.service';
import { Mailer } from './mailer';
import { OutboxMailer } from './outbox-mailer';
import { OutboxQueryService } from './outbox-query.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxSweeper } from './outbox-sweeper';
import { SmtpTransport } from './smtp-transport';

/**
 * E-mail: the transactional outbox and, when SMTP_URL is set, its sender (`mail.deliver` jobs and a sweep).
 * Global: any library may send mail. Needs the global ConfigModule, DbModule and JobsModule.
 */
@Global()
@Module({
  providers: [
    OutboxRepository,
    OutboxMailer,
    { provide: Mailer, useExisting: OutboxMailer },
    SmtpTransport,
    MailDeliveryService,
    DeliverMailJob,
    OutboxSweeper,
    OutboxQueryService,
  ],
  exports: [Mailer, MailDeliveryService, OutboxSweeper, OutboxQueryService],
})
export class MailModule {}
