import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '@app/common';

export const OUTBOX_STATES = ['sent', 'unsent'] as const;
export type OutboxStateFilter = (typeof OUTBOX_STATES)[number];

/** A mail kind: what the message is for, e.g. 'account.invitation', 'learning.due_soon'. */
export const MAIL_KIND = /^[a-z][a-z0-9._-]{0,39}$/;

export class ListOutboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'learning.due_soon', description: 'what the messages are for' })
  @IsOptional()
  @Matches(MAIL_KIND, { message: 'kind must be a mail kind such as learning.due_soon' })
  kind?: string;

  @ApiPropertyOptional({ enum: OUTBOX_STATES })
  @IsOptional()
  @IsIn(OUTBOX_STATES)
  status?: OutboxStateFilter;
}

export class OutboxMessageResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'learning.due_soon' })
  kind!: string;

  @ApiProperty({ example: 'hoa.tran@example.vn' })
  to!: string;

  @ApiProperty()
  subject!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  sentAt!: string | null;

  @ApiProperty({ description: 'SMTP attempts so far' })
  attempts!: number;

  @ApiProperty({ nullable: true, type: String })
  lastError!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'the text, only while unsent (cleared once sent: it may hold an activation link)',
  })
  bodyText!: string | null;
}

export class OutboxPageResponse {
  @ApiProperty({ type: [OutboxMessageResponse] })
  items!: OutboxMessageResponse[];

  @ApiProperty()
  total!: number;

  @ApiProperty()
  limit!: number;

  @ApiProperty()
  offset!: number;

  @ApiProperty({ description: 'false: nothing is sent, the outbox lists what would have been' })
  smtpConfigured!: boolean;
}
