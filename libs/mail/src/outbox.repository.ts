import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MailMessage } from './mailer';

export type OutboxState = 'sent' | 'unsent';

/** An outbox row as the delivery needs it. */
export interface OutboxDelivery {
  id: string;
  to: string;
  subject: string;
  text: string;
  sentAt: Date | null;
  attempts: number;
}

/** An outbox row as the admin page shows it; the body only while unsent (it may hold an activation link). */
export interface OutboxRow {
  id: string;
  kind: string;
  to: string;
  subject: string;
  createdAt: Date;
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
  bodyText: string | null;
}

export interface OutboxFilter {
  kind?: string;
  state?: OutboxState;
  limit: number;
  offset: number;
}

/** The only home of outbox_message SQL. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One INSERT for all the messages; the ids are made here so they come back in the caller's order. */
  async insertMany(m: EntityManager, messages: MailMessage[], createdAt: Date): Promise<string[]> {
    if (messages.length === 0) return [];
    const ids = messages.map(() => randomUUID());
    await m.query(
      `INSERT INTO outbox_message (id, kind, to_address, subject, body_text, created_at)
       SELECT * , $6::timestamptz FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [
        ids,
        messages.map((x) => x.kind),
        messages.map((x) => x.to),
        messages.map((x) => x.subject),
        messages.map((x) => x.text),
        createdAt,
      ],
    );
    return ids;
  }

  /**
   * Locks the row for one delivery attempt (`FOR UPDATE SKIP LOCKED`): null when it is gone or another
   * attempt holds it. The caller checks `sentAt`.
   */
  async lockForDelivery(m: EntityManager, id: string): Promise<OutboxDelivery | null> {
    const rows = await m.query<OutboxDelivery[]>(
      `SELECT id, to_address AS "to", subject, body_text AS "text", sent_at AS "sentAt", attempts
         FROM outbox_message WHERE id = $1 FOR UPDATE SKIP LOCKED`,
      [id],
    );
    return rows[0] ?? null;
  }

  async exists(id: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(`SELECT 1 FROM outbox_message WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** Delivered: stamped, counted, and the body cleared (it may hold an activation link). */
  async markSent(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE outbox_message SET sent_at = $2, attempts = attempts + 1, last_error = NULL, body_text = ''
        WHERE id = $1 AND sent_at IS NULL`,
      [id, at],
    );
  }

  async markFailed(m: EntityManager, id: string, error: string): Promise<void> {
    await m.query(`UPDATE outbox_message SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [id, error]);
  }

  /** Unsent messages old enough to have missed their own job and young enough to be worth sending. */
  async findToSweep(
    now: Date,
    o: { minAgeSeconds: number; maxAgeHours: number; maxAttempts: number; limit: number },
  ): Promise<string[]> {
    const rows = await this.db.query<Array<{ id: string }>>(
      `SELECT id FROM outbox_message
        WHERE sent_at IS NULL AND attempts < $2
          AND created_at <= $1::timestamptz - make_interval(secs => $3)
          AND created_at > $1::timestamptz - make_interval(hours => $4)
        ORDER BY created_at LIMIT $5`,
      [now, o.maxAttempts, o.minAgeSeconds, o.maxAgeHours, o.limit],
    );
    return rows.map((r) => r.id);
  }

  /** Newest first. */
  async list(f: OutboxFilter): Promise<{ items: OutboxRow[]; total: number }> {
    const where = `($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR (sent_at IS NOT NULL) = ($2 = 'sent'))`;
    const params = [f.kind ?? null, f.state ?? null];
    const [items, [{ total }]] = await Promise.all([
      this.db.query<OutboxRow[]>(
        `SELECT id, kind, to_address AS "to", subject, created_at AS "createdAt", sent_at AS "sentAt", attempts,
                last_error AS "lastError", CASE WHEN sent_at IS NULL THEN body_text END AS "bodyText"
           FROM outbox_message WHERE ${where}
          ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
        [...params, f.limit, f.offset],
      ),
      this.db.query<Array<{ total: number }>>(
        `SELECT count(*)::int AS total FROM outbox_message WHERE ${where}`,
        params,
      ),
    ]);
    return { items, total };
  }
}
