import { Module } from '@nestjs/common';

/** The outbox: what e-mails were (or, without SMTP, would have been) sent. Admins only. */
@Module({
  controllers: [],
})
export class OutboxModule {}
