import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/common';
import { ListOutboxQueryDto, OutboxMessageResponse, OutboxPageResponse } from './dto/outbox.dto';
import { OutboxRepository, OutboxRow } from './outbox.repository';

const toResponse = (r: OutboxRow): OutboxMessageResponse => ({
  id: r.id,
  kind: r.kind,
  to: r.to,
  subject: r.subject,
  createdAt: r.createdAt.toISOString(),
  sentAt: r.sentAt ? r.sentAt.toISOString() : null,
  attempts: r.attempts,
  lastError: r.lastError,
  bodyText: r.sentAt ? null : r.bodyText,
});

/**
 * Read side of the outbox page. Messages are platform-wide (any unit's people): callers must be
 * administrators (checked by the route guard).
 */
@Injectable()
export class OutboxQueryService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly config: AppConfig,
  ) {}

  get smtpConfigured(): boolean {
    return this.config.smtpUrl !== null;
  }

  async list(query: ListOutboxQueryDto): Promise<OutboxPageResponse> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const { items, total } = await this.outbox.list({ kind: query.kind, state: query.status, limit, offset });
    return { items: items.map(toResponse), total, limit, offset, smtpConfigured: this.smtpConfigured };
  }
}
