import { Global, Module } from '@nestjs/common';

/** E-mail: the transactional outbox and, when SMTP_URL is set, its sender. Global: any library may send mail. */
@Global()
@Module({})
export class MailModule {}
