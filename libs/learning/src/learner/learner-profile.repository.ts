import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LearnerProfileResponse } from './dto/learner.dto';

type ProfilePerson = NonNullable<LearnerProfileResponse['person']>;

/** Read model of the account and its person for the profile page (identity and roster own these tables). */
@Injectable()
export class LearnerProfileRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async account(accountId: string): Promise<LearnerProfileResponse['account'] | null> {
    const rows = await this.db.query<Array<LearnerProfileResponse['account']>>(
      `SELECT id, login, display_name AS "displayName", email FROM account WHERE id = $1`,
      [accountId],
    );
    return rows[0] ?? null;
  }

  /** The person linked to the account with their current unit and the roles they hold on `today`. */
  async person(personId: string, today: string): Promise<ProfilePerson | null> {
    const rows = await this.db.query<
      Array<Omit<ProfilePerson, 'unit'> & { unitId: string | null; unitCode: string | null; unitName: string | null }>
    >(
      `SELECT p.id, p.full_name AS "fullName", u.id AS "unitId", u.code AS "unitCode", u.name AS "unitName",
              coalesce((SELECT json_agg(json_build_object('id', r.id, 'code', r.code, 'nameVi', r.name_vi, 'nameEn', r.name_en)
                                        ORDER BY r.sort_order, r.code)
                          FROM person_role pr JOIN role r ON r.id = pr.role_id
                         WHERE pr.person_id = p.id AND pr.valid_from <= $2::date
                           AND (pr.valid_to IS NULL OR pr.valid_to > $2::date)), '[]'::json) AS roles
         FROM person p LEFT JOIN org_unit u ON u.id = p.unit_id
        WHERE p.id = $1`,
      [personId, today],
    );
    const row = rows[0];
    if (!row) return null;
    const { unitId, unitCode, unitName, ...person } = row;
    return { ...person, unit: unitId && unitCode && unitName ? { id: unitId, code: unitCode, name: unitName } : null };
  }
}
