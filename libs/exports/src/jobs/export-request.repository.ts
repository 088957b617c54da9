import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A background export as stored (export_request). */
export interface ExportRequestRow {
  id: string;
  accountId: string;
  permission: string;
  scopeUnitId: string;
  kind: string;
  format: 'csv' | 'xlsx';
  lang: 'vi' | 'en';
  filters: Record<string, string>;
  includeContact: boolean;
  purpose: string | null;
  jobRunId: string | null;
  fileKey: string | null;
  fileSha256: string | null;
  fileSize: number | null;
  rowCount: number | null;
  linkToken: string | null;
  linkShownAt: Date | null;
  downloadedAt: Date | null;
  deletedAt: Date | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export type NewExportRequest = Pick<
  ExportRequestRow,
  'accountId' | 'permission' | 'scopeUnitId' | 'kind' | 'format' | 'lang' | 'filters' | 'includeContact' | 'purpose'
>;

const COLUMNS = `id, account_id AS "accountId", permission, scope_unit_id AS "scopeUnitId", kind, format, lang, filters,
  include_contact AS "includeContact", purpose, job_run_id AS "jobRunId", file_key AS "fileKey",
  file_sha256 AS "fileSha256", file_size::float8 AS "fileSize", row_count AS "rowCount", link_token AS "linkToken",
  link_shown_at AS "linkShownAt", downloaded_at AS "downloadedAt", deleted_at AS "deletedAt",
  created_at AS "createdAt", finished_at AS "finishedAt"`;

/** export_request: background exports, their file and their one-time download link. */
@Injectable()
export class ExportRequestRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(m: EntityManager, r: NewExportRequest, now: Date): Promise<string> {
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO export_request (account_id, permission, scope_unit_id, kind, format, lang, filters, include_contact,
                                   purpose, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [r.accountId, r.permission, r.scopeUnitId, r.kind, r.format, r.lang, r.filters, r.includeContact, r.purpose, now],
    );
    return row.id;
  }

  async setJob(m: EntityManager, id: string, jobRunId: string): Promise<void> {
    await m.query(`UPDATE export_request SET job_run_id = $2 WHERE id = $1`, [id, jobRunId]);
  }

  async find(id: string, m: EntityManager = this.db.manager): Promise<ExportRequestRow | null> {
    const rows = await m.query<ExportRequestRow[]>(`SELECT ${COLUMNS} FROM export_request WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The account's exports, newest first. */
  listFor(accountId: string, limit: number): Promise<ExportRequestRow[]> {
    return this.db.query<ExportRequestRow[]>(
      `SELECT ${COLUMNS} FROM export_request WHERE account_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
      [accountId, limit],
    );
  }

  /** Records the file once (false when a previous run recorded it already). A CTE, so the result is the rows. */
  async recordFile(
    m: EntityManager,
    id: string,
    file: { key: string; sha256: string; size: number; rowCount: number },
    now: Date,
  ): Promise<boolean> {
    const rows = await m.query<Array<{ id: string }>>(
      `WITH recorded AS (
         UPDATE export_request SET file_key = $2, file_sha256 = $3, file_size = $4, row_count = $5, finished_at = $6
          WHERE id = $1 AND file_key IS NULL RETURNING id)
       SELECT id FROM recorded`,
      [id, file.key, file.sha256, file.size, file.rowCount, now],
    );
    return rows.length === 1;
  }

  /** Shows the link for the first time: sets the token and the moment, once (a second call changes nothing). */
  async showLink(id: string, token: string, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE export_request SET link_token = $2, link_shown_at = $3
        WHERE id = $1 AND link_shown_at IS NULL AND file_key IS NOT NULL AND deleted_at IS NULL`,
      [id, token, now],
    );
  }

  /**
   * Uses the link: true once, for the owner's valid token shown less than `validMs` ago, while the file exists.
   * Atomic, so two downloads racing get one file.
   */
  async claimDownload(id: string, accountId: string, token: string, now: Date, validMs: number): Promise<boolean> {
    const rows = await this.db.query<Array<{ id: string }>>(
      `WITH claimed AS (
         UPDATE export_request SET downloaded_at = $4
          WHERE id = $1 AND account_id = $2 AND link_token = $3 AND downloaded_at IS NULL AND deleted_at IS NULL
            AND file_key IS NOT NULL AND link_shown_at > $4::timestamptz - make_interval(secs => $5)
          RETURNING id)
       SELECT id FROM claimed`,
      [id, accountId, token, now, validMs / 1000],
    );
    return rows.length === 1;
  }

  /** Files made before `before` that are still stored (the cleanup's batch). */
  filesBefore(before: Date, limit: number): Promise<Array<{ id: string; fileKey: string }>> {
    return this.db.query(
      `SELECT id, file_key AS "fileKey" FROM export_request
        WHERE file_key IS NOT NULL AND deleted_at IS NULL AND finished_at < $1
        ORDER BY finished_at LIMIT $2`,
      [before, limit],
    );
  }

  async markDeleted(id: string, now: Date): Promise<void> {
    await this.db.query(`UPDATE export_request SET deleted_at = $2 WHERE id = $1`, [id, now]);
  }
}
