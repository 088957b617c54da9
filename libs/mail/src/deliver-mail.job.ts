import { Injectable } from '@nestjs/common';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';
import { JobHandler, RegisterJobHandler, validatePayloadWith } from '@app/jobs';
import { DELIVER_MAIL_JOB, DELIVERY_BACKOFF_MS, DELIVERY_JOB_ATTEMPTS, MAIL_IDS_PER_JOB } from './mail.constants';
import { DeliveryReport, MailDeliveryService } from './mail-delivery.service';

export class DeliverMailPayload {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAIL_IDS_PER_JOB)
  @IsUUID('all', { each: true })
  messageIds!: string[];
}

/** `mail.deliver`: sends some outbox rows over SMTP (dispatched after the commit that wrote them, or by the sweep). */
@RegisterJobHandler()
@Injectable()
export class DeliverMailJob implements JobHandler<DeliverMailPayload, DeliveryReport> {
  readonly name = DELIVER_MAIL_JOB;
  readonly maxAttempts = DELIVERY_JOB_ATTEMPTS;
  readonly backoffMs = DELIVERY_BACKOFF_MS;
  readonly validate = validatePayloadWith(DeliverMailPayload);

  constructor(private readonly delivery: MailDeliveryService) {}

  handle(payload: DeliverMailPayload): Promise<DeliveryReport> {
    return this.delivery.deliverAll(payload.messageIds);
  }
}
