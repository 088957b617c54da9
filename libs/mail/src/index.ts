export * from './dto/outbox.dto';
export * from './mail.constants';
export * from './mail.module';
export * from './mail-delivery.service';
export * from './mailer';
export * from './outbox-query.service';
export * from './outbox-sweeper';
