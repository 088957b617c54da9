import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '@app/common';

export interface AuditEntry {
  /** e.g. 'auth.login', 'auth.login_failed', 'account.create', 'grant.add', 'export.download' */
  action: string;
  entity?: string;
  entityId?: string;
  /** Ids and facts only: no passwords, no free text typed by users. */
  details?: Record<string, unknown>;
}

export interface AuditContext {
  actor?: Actor | null;
  requestId?: string;
  ip?: string;
}

export interface AuditRecord {
  id: string;
  at: Date;
  actorAccountId: string | null;
  actorPermission: string | null;
  scopeUnitId: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
  ip: string | null;
}

/** The one way every lib writes the append-only audit log. Pass the transaction's manager to log atomically. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Appends one entry; returns its id (for a later entry that refers to it, the log being append-only). */
  async record(entry: AuditEntry, ctx: AuditContext = {}, manager: EntityManager = this.db.manager): Promise<string> {
    const grant = ctx.actor?.grants[0];
    const rows = await manager.query<Array<{ id: string }>>(
      `INSERT INTO audit_log (actor_account_id, actor_permission, scope_unit_id, action, entity, entity_id, details, request_id, ip)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::text`,
      [
        ctx.actor?.accountId ?? null,
        grant?.permission ?? null,
        grant?.scopeUnitId ?? null,
        entry.action,
        entry.entity ?? null,
        entry.entityId ?? null,
        JSON.stringify(entry.details ?? {}),
        ctx.requestId ?? ctx.actor?.requestId ?? null,
        ctx.ip ?? ctx.actor?.ip ?? null,
      ],
    );
    return rows[0].id;
  }

  /** Newest first; for admins and for tests. */
  async list(filter: { action?: string; entityId?: string; limit?: number } = {}): Promise<AuditRecord[]> {
    const rows = await this.db.query<Array<Record<string, unknown>>>(
      `SELECT id::text, at, actor_account_id, actor_permission, scope_unit_id, action, entity, entity_id, details, request_id, ip
         FROM audit_log
        WHERE ($1::text IS NULL OR action = $1) AND ($2::text IS NULL OR entity_id = $2)
        ORDER BY id DESC LIMIT $3`,
      [filter.action ?? null, filter.entityId ?? null, filter.limit ?? 100],
    );
    return rows.map((r) => ({
      id: r.id as string,
      at: r.at as Date,
      actorAccountId: r.actor_account_id as string | null,
      actorPermission: r.actor_permission as string | null,
      scopeUnitId: r.scope_unit_id as string | null,
      action: r.action as string,
      entity: r.entity as string | null,
      entityId: r.entity_id as string | null,
      details: r.details as Record<string, unknown>,
      requestId: r.request_id as string | null,
      ip: r.ip as string | null,
    }));
  }
}
