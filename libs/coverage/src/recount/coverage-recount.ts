import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { onRosterOn, periodOpenOn } from '@app/org';
import { subtreeOnSql, treeOnSql } from '../facts/coverage-sql';
import { countingRecords } from '../records/counting-records';

export interface CoverageCounts {
  named: number;
  trained: number;
  headcount: number;
  declaredNotNamed: number;
}

/**
 * The live exact recount: the coverage rule of DESIGN.md straight from the base tables (roster periods with org's
 * onRosterOn, role periods, counting records, declarations, the tree of the day from org_unit_version), for one
 * unit, role (null: all roles, each person once) and day. It reads none of coverage's derived tables but the
 * targets, so it is the oracle of the tests and the benchmark's baseline ("plain live SQL"). Not for requests:
 * it aggregates live over the whole subtree.
 */
@Injectable()
export class CoverageRecount {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async count(unitId: string, roleId: string | null, on: string): Promise<CoverageCounts> {
    const [row] = await this.db.query<CoverageCounts[]>(
      `WITH RECURSIVE tree AS (${treeOnSql('$2')}),
      sub_u AS (${subtreeOnSql('$1')}),
      roles AS (SELECT DISTINCT role_id FROM coverage_target),
      rec AS (SELECT * FROM (${countingRecords()}) r WHERE r.valid_from <= $2::date AND r.valid_to > $2::date),
      held AS (
        SELECT DISTINCT m.unit_id, m.person_id, pr.role_id,
               EXISTS (SELECT 1 FROM rec WHERE rec.person_id = m.person_id AND rec.role_id = pr.role_id) AS trained
          FROM person_membership m
          JOIN person_role pr ON pr.person_id = m.person_id AND ${periodOpenOn('$2', 'pr')}
         WHERE m.unit_id IN (SELECT unit_id FROM sub_u) AND ${onRosterOn('$2')}
           AND pr.role_id IN (SELECT role_id FROM roles)
      ),
      per_role AS (
        SELECT u.unit_id, r.role_id, coalesce(n.named, 0) AS named, coalesce(n.trained, 0) AS trained,
               d.headcount AS declared
          FROM sub_u u CROSS JOIN roles r
          LEFT JOIN (SELECT unit_id, role_id, count(DISTINCT person_id) AS named,
                            count(DISTINCT person_id) FILTER (WHERE trained) AS trained
                       FROM held GROUP BY unit_id, role_id) n ON n.unit_id = u.unit_id AND n.role_id = r.role_id
          LEFT JOIN unit_headcount d ON d.unit_id = u.unit_id AND d.role_id = r.role_id
           AND d.year = extract(year FROM $2::date)::int
      ),
      per_unit_all AS (
        SELECT u.unit_id, coalesce(a.named, 0) AS named, coalesce(a.trained, 0) AS trained, coalesce(x.dnn, 0) AS dnn
          FROM sub_u u
          LEFT JOIN (SELECT unit_id, count(DISTINCT person_id) AS named,
                            count(DISTINCT person_id) FILTER (WHERE trained) AS trained
                       FROM held GROUP BY unit_id) a ON a.unit_id = u.unit_id
          LEFT JOIN (SELECT unit_id, sum(greatest(0, coalesce(declared, named) - named)) AS dnn
                       FROM per_role GROUP BY unit_id) x ON x.unit_id = u.unit_id
      )
      SELECT coalesce(sum(named), 0)::int AS named, coalesce(sum(trained), 0)::int AS trained,
             coalesce(sum(coalesce(declared, named)), 0)::int AS headcount,
             coalesce(sum(greatest(0, coalesce(declared, named) - named)), 0)::int AS "declaredNotNamed"
        FROM per_role WHERE role_id = $3::uuid HAVING $3::uuid IS NOT NULL
      UNION ALL
      SELECT coalesce(sum(named), 0)::int, coalesce(sum(trained), 0)::int, coalesce(sum(named + dnn), 0)::int,
             coalesce(sum(dnn), 0)::int
        FROM per_unit_all HAVING $3::uuid IS NULL`,
      [unitId, on, roleId],
    );
    return row;
  }
}
