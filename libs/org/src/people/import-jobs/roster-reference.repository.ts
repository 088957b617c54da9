import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { vietnameseOrder } from '@app/db';
import { inSubtrees } from '../../access/sql-fragments';
import { unitPlaceSql } from '../../units/unit-place';
import { CatalogueRole } from '../import/role-catalogue';

export interface ReferenceUnit {
  code: string;
  name: string;
  /** The nearest commune or province above it (unit-place.ts); null for a province. */
  place: string | null;
}

/** What an organiser needs beside the import form: the unit codes of their subtrees and the role catalogue. */
@Injectable()
export class RosterReferenceRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The active units of these subtrees (the roots included), in Vietnamese order of name, then place. One query:
   * a province is a few thousand units; the whole country (~100,000, an admin) is a few MB.
   */
  units(scopeUnitIds: string[]): Promise<ReferenceUnit[]> {
    return this.db.query<ReferenceUnit[]>(
      `SELECT x.code, x.name, x.place
         FROM (SELECT u.code, u.name, ${unitPlaceSql('u.id')} AS place
                 FROM org_unit u
                WHERE u.status = 'active' AND ${inSubtrees('$1', 'u.id')}) x
        ORDER BY ${vietnameseOrder('x.name')}, ${vietnameseOrder("coalesce(x.place, '')")}, x.code`,
      [scopeUnitIds],
    );
  }

  /** The active roles, in catalogue order. */
  roles(): Promise<CatalogueRole[]> {
    return this.db.query<CatalogueRole[]>(
      `SELECT id, code, name_vi AS "nameVi", name_en AS "nameEn"
         FROM role WHERE retired_at IS NULL ORDER BY sort_order, code`,
    );
  }
}
