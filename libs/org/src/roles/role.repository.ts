import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RoleResponse } from './dto/role.dto';

const COLUMNS = `id, code, name_vi AS "nameVi", name_en AS "nameEn", sort_order AS "sortOrder", retired_at IS NOT NULL AS retired`;

@Injectable()
export class RoleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(includeRetired: boolean): Promise<RoleResponse[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM role WHERE $1 OR retired_at IS NULL ORDER BY sort_order, code`, [
      includeRetired,
    ]);
  }

  async findById(id: string): Promise<RoleResponse | null> {
    const rows = await this.db.query<RoleResponse[]>(`SELECT ${COLUMNS} FROM role WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Active roles by code, for imports ("HR_OFFICIAL" → id). */
  async activeByCodes(codes: string[]): Promise<Map<string, string>> {
    const rows = await this.db.query<Array<{ id: string; code: string }>>(
      `SELECT id, code FROM role WHERE code = ANY($1::text[]) AND retired_at IS NULL`,
      [codes],
    );
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  async activeIds(ids: string[]): Promise<Set<string>> {
    const rows = await this.db.query<Array<{ id: string }>>(
      `SELECT id FROM role WHERE id = ANY($1::uuid[]) AND retired_at IS NULL`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  async findByCode(code: string): Promise<RoleResponse | null> {
    const rows = await this.db.query<RoleResponse[]>(`SELECT ${COLUMNS} FROM role WHERE code = $1`, [code]);
    return rows[0] ?? null;
  }

  async insert(
    m: EntityManager,
    role: { code: string; nameVi: string; nameEn: string; sortOrder: number },
  ): Promise<RoleResponse> {
    const [row] = await m.query<RoleResponse[]>(
      `INSERT INTO role (code, name_vi, name_en, sort_order) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [role.code, role.nameVi, role.nameEn, role.sortOrder],
    );
    return row;
  }

  async setRetired(m: EntityManager, id: string, retired: boolean): Promise<RoleResponse | null> {
    const rows = await m.query<[RoleResponse[], number]>(
      `UPDATE role SET retired_at = CASE WHEN $2 THEN coalesce(retired_at, now()) ELSE NULL END WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, retired],
    );
    return rows[0][0] ?? null;
  }
}
