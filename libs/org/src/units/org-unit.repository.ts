import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { vietnameseOrder } from '@app/db';
import { UnitPage, UnitResponse } from './dto/unit.dto';
import { unitPlaceSql } from './unit-place';
import { UnitType } from './unit-type';

/** Unit lists count exactly up to here (the country has ~100,000 units): above it, "more than 10,000". */
export const UNIT_TOTAL_CAP = 10_000;

const LIST_COLUMNS = `u.id, u.code, u.name, u.type, u.parent_id AS "parentId", u.admin_code AS "adminCode"`;
const COLUMNS = `${LIST_COLUMNS}, ${unitPlaceSql('u.id')} AS place`;

/** SQL for units and the org_unit_closure subtree index (pk_org_unit_closure, idx_org_unit_closure_descendant_id). */
/** A commune found by its code or name, with its parent's name to tell namesakes apart. */
export interface CommuneMatch {
  id: string;
  code: string;
  name: string;
  parentName: string | null;
}

@Injectable()
export class OrgUnitRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findById(id: string): Promise<UnitResponse | null> {
    const rows = await this.db.query<UnitResponse[]>(`SELECT ${COLUMNS} FROM org_unit u WHERE u.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findByCode(code: string): Promise<UnitResponse | null> {
    const rows = await this.db.query<UnitResponse[]>(`SELECT ${COLUMNS} FROM org_unit u WHERE u.code = $1`, [code]);
    return rows[0] ?? null;
  }

  async findManyByIds(ids: string[]): Promise<UnitResponse[]> {
    if (ids.length === 0) return [];
    return this.db.query<UnitResponse[]>(`SELECT ${COLUMNS} FROM org_unit u WHERE u.id = ANY($1::uuid[])`, [ids]);
  }

  /** Inserts the unit and its closure rows (all ancestors of the parent + itself) in the caller's transaction. */
  async insert(
    m: EntityManager,
    unit: { code: string; name: string; type: UnitType; parentId: string },
    openedOn = '2000-01-01',
  ): Promise<UnitResponse> {
    const [row] = await m.query<UnitResponse[]>(
      `INSERT INTO org_unit (code, name, type, parent_id, opened_on) VALUES ($1, $2, $3, $4, $5::date)
       RETURNING id, code, name, type, parent_id AS "parentId"`,
      [unit.code, unit.name, unit.type, unit.parentId, openedOn],
    );
    await m.query(
      `INSERT INTO org_unit_version (unit_id, valid_from, code, name, type, parent_id, change)
       SELECT id, opened_on, code, name, type, parent_id, 'create' FROM org_unit WHERE id = $1`,
      [row.id],
    );
    await m.query(
      `INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth)
       SELECT ancestor_id, $1::uuid, depth + 1 FROM org_unit_closure WHERE descendant_id = $2::uuid
       UNION ALL SELECT $1::uuid, $1::uuid, 0`,
      [row.id, unit.parentId],
    );
    return row;
  }

  /** True when `descendantId` is `ancestorId` or below it. */
  async isWithin(ancestorId: string, descendantId: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `SELECT 1 FROM org_unit_closure WHERE ancestor_id = $1 AND descendant_id = $2`,
      [ancestorId, descendantId],
    );
    return rows.length > 0;
  }

  /** The first of `scopeIds` whose subtree holds `unitId`, or null. */
  async firstScopeHolding(scopeIds: string[], unitId: string): Promise<string | null> {
    if (scopeIds.length === 0) return null;
    const rows = await this.db.query<Array<{ ancestor_id: string }>>(
      `SELECT ancestor_id FROM org_unit_closure WHERE ancestor_id = ANY($1::uuid[]) AND descendant_id = $2 LIMIT 1`,
      [scopeIds, unitId],
    );
    return rows[0]?.ancestor_id ?? null;
  }

  /** The first of `scopeIds` strictly above `unitId` (an ancestor, not the unit itself), or null. */
  async firstScopeAbove(scopeIds: string[], unitId: string): Promise<string | null> {
    if (scopeIds.length === 0) return null;
    const rows = await this.db.query<Array<{ ancestor_id: string }>>(
      `SELECT ancestor_id FROM org_unit_closure
        WHERE ancestor_id = ANY($1::uuid[]) AND descendant_id = $2 AND depth > 0 LIMIT 1`,
      [scopeIds, unitId],
    );
    return rows[0]?.ancestor_id ?? null;
  }

  /**
   * Units inside any of the scopes, optionally only the children of one parent, filtered by a search: the unit's
   * code or official code (ignoring case), or its name, or any name it had before (org_unit_version), ignoring
   * diacritics. In Vietnamese order (idx_org_unit_name_vi: a large subtree is walked in that order until the page is
   * full, never sorted whole); the total is exact up to UNIT_TOTAL_CAP, `totalCapped` above it.
   */
  async listWithin(
    scopeIds: string[],
    filter: { parentId?: string; q?: string; limit: number; offset: number },
  ): Promise<UnitPage> {
    const where = `EXISTS (SELECT 1 FROM org_unit_closure c WHERE c.ancestor_id = ANY($1::uuid[]) AND c.descendant_id = u.id)
          AND ($2::uuid IS NULL OR u.parent_id = $2)
          AND ($3::text IS NULL OR f_search_key(u.name) LIKE '%' || f_search_key($3) || '%'
               OR lower(u.code) = lower($3) OR u.admin_code = $3
               OR EXISTS (SELECT 1 FROM org_unit_version v
                           WHERE v.unit_id = u.id AND f_search_key(v.name) LIKE '%' || f_search_key($3) || '%'))`;
    const params = [scopeIds, filter.parentId ?? null, filter.q ?? null];
    const [rows, [{ n }]] = await Promise.all([
      this.db.query<UnitResponse[]>(
        `SELECT ${LIST_COLUMNS} FROM org_unit u WHERE ${where}
          ORDER BY ${vietnameseOrder('u.name')}, u.code
          LIMIT $4 OFFSET $5`,
        [...params, filter.limit, filter.offset],
      ),
      this.db.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM org_unit u WHERE ${where} LIMIT $4) t`,
        [...params, UNIT_TOTAL_CAP + 1],
      ),
    ]);
    // Places after the LIMIT: one lookup per unit shown, never for the whole subtree.
    const places = await this.findManyByIds(rows.map((r) => r.id));
    const placeOf = new Map(places.map((u) => [u.id, u.place ?? null]));
    const items = rows.map((unit) => ({ ...unit, place: placeOf.get(unit.id) ?? null }));
    return { items, total: Math.min(n, UNIT_TOTAL_CAP), totalCapped: n > UNIT_TOTAL_CAP };
  }

  /** Exact code (ignoring case) first, then names equal ignoring diacritics (f_search_key), by name and code. */
  findActiveCommunes(text: string, limit: number): Promise<CommuneMatch[]> {
    return this.db.query<CommuneMatch[]>(
      `SELECT u.id, u.code, u.name, p.name AS "parentName"
         FROM org_unit u LEFT JOIN org_unit p ON p.id = u.parent_id
        WHERE u.type = 'commune' AND u.status = 'active'
          AND (lower(u.code) = lower($1) OR f_search_key(u.name) = f_search_key($1))
        ORDER BY (lower(u.code) = lower($1)) DESC, ${vietnameseOrder('u.name')}, u.code
        LIMIT $2`,
      [text, limit],
    );
  }
}
