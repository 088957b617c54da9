import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, ForbiddenError, NotFoundError } from '@app/common';
import { coveragePercent, figuresOnSql } from '@app/coverage';
import { UnitOfWork } from '@app/jobs';
import { OrgUnitsService, Policy, UnitType } from '@app/org';

/** Counts under this are never published (nor the figures they could be worked out from). */
export const OPEN_DATA_MIN_COUNT = 5;

export const OPEN_DATA_RULE = {
  vi:
    `Không có dữ liệu cá nhân. Số liệu theo tỉnh và chức danh; ô có số người đã bồi dưỡng hoặc chưa bồi dưỡng ` +
    `dưới ${OPEN_DATA_MIN_COUNT} được ẩn (cùng tỷ lệ), tổng số dưới ${OPEN_DATA_MIN_COUNT} cũng được ẩn.`,
  en:
    `No personal data. Figures per province and role; where the trained or the untrained count is under ` +
    `${OPEN_DATA_MIN_COUNT}, both and the coverage are withheld; a headcount under ${OPEN_DATA_MIN_COUNT} too.`,
} as const;

/** One published row: a province and a role; null where withheld. */
export interface OpenDataRow {
  provinceCode: string;
  provinceName: string;
  roleCode: string;
  roleName: string;
  headcount: number | null;
  trained: number | null;
  coverage: number | null;
  suppressed: boolean;
}

export interface OpenDataFileInfo {
  name: string;
  format: 'csv' | 'json';
  asOf: string;
  rowCount: number;
  size: number;
  sha256: string;
  publishedAt: string;
  url: string;
}

/**
 * The published figure of a cell: withheld when the trained or the untrained count is under OPEN_DATA_MIN_COUNT
 * (either would single out people: "everyone but two"), and the headcount too when it is under the threshold.
 */
export function suppress(
  headcount: number,
  trained: number,
): Pick<OpenDataRow, 'headcount' | 'trained' | 'coverage' | 'suppressed'> {
  const small = (n: number) => n < OPEN_DATA_MIN_COUNT;
  if (small(trained) || small(headcount - trained)) {
    return { headcount: small(headcount) ? null : headcount, trained: null, coverage: null, suppressed: true };
  }
  return { headcount, trained, coverage: coveragePercent(trained, headcount), suppressed: false };
}

const DATASET = 'coverage';
const FILE_NAME = /^[a-z0-9-]{1,100}\.(csv|json)$/;
const HEADER = {
  provinceCode: 'Mã tỉnh (province code)',
  provinceName: 'Tỉnh (province)',
  roleCode: 'Mã chức danh (role code)',
  roleName: 'Chức danh (role)',
  headcount: 'Tổng số (headcount)',
  trained: 'Đã bồi dưỡng (trained)',
  coverage: 'Tỷ lệ % (coverage %)',
  suppressed: 'Ẩn số nhỏ (withheld)',
};

/**
 * Open data: an administrator publishes the coverage of every province and targeted role (today's figures, the
 * dashboard's) as CSV and JSON with no personal data and no small counts (suppress); anyone reads the list of
 * published files and the files at /open-data/<name>. Publishing is audited with the files' SHA-256.
 */
@Injectable()
export class OpenDataService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly units: OrgUnitsService,
    private readonly work: UnitOfWork,
  ) {}

  /** The aggregate on `on`: provinces × targeted roles, suppressed. */
  async coverageRows(on: string): Promise<OpenDataRow[]> {
    const rows = await this.db.query<
      Array<{
        provinceCode: string;
        provinceName: string;
        roleCode: string;
        roleName: string;
        headcount: number;
        trained: number;
      }>
    >(
      `WITH fig AS (${figuresOnSql('$1')})
       SELECT u.code AS "provinceCode", u.name AS "provinceName", ro.code AS "roleCode", ro.name_vi AS "roleName",
              f.headcount, f.trained
         FROM fig f JOIN org_unit u ON u.id = f.unit_id JOIN role ro ON ro.id = f.role_key
        WHERE u.type = $2
        ORDER BY u.code, ro.sort_order, ro.code`,
      [on, UnitType.Province],
    );
    return rows.map((r) => ({
      provinceCode: r.provinceCode,
      provinceName: r.provinceName,
      roleCode: r.roleCode,
      roleName: r.roleName,
      ...suppress(r.headcount, r.trained),
    }));
  }

  /** Publishes today's aggregate as CSV and JSON (replacing the same day's files): administrators of the root only. */
  async publish(actor: Actor): Promise<OpenDataFileInfo[]> {
    const root = await this.units.getRoot();
    if (!(await this.units.canActOn(actor, root.id, Policy.RoleCatalogueManage))) {
      throw new ForbiddenError('only an administrator publishes open data');
    }
    const asOf = this.work.today();
    const rows = await this.coverageRows(asOf);
    const base = `ty-le-boi-duong-${asOf}`;
    const csv = Buffer.from(
      '\ufeff' +
        stringify(
          rows.map((r) => ({ ...r, suppressed: r.suppressed ? 'x' : '' })),
          { header: true, columns: HEADER, record_delimiter: 'windows' },
        ),
      'utf8',
    );
    const json = Buffer.from(JSON.stringify({ dataset: DATASET, asOf, rule: OPEN_DATA_RULE, rows }, null, 2), 'utf8');
    const files = [
      { name: `${base}.csv`, format: 'csv' as const, content: csv },
      { name: `${base}.json`, format: 'json' as const, content: json },
    ].map((f) => ({ ...f, sha256: createHash('sha256').update(f.content).digest('hex') }));
    await this.work.run(actor, async (tx) => {
      for (const f of files) {
        await tx.manager.query(
          `INSERT INTO open_data_file (name, dataset, format, as_of, content, sha256, row_count, published_by, published_at)
           VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9)
           ON CONFLICT ON CONSTRAINT uq_open_data_file_name DO UPDATE SET content = EXCLUDED.content,
              sha256 = EXCLUDED.sha256, row_count = EXCLUDED.row_count, published_by = EXCLUDED.published_by,
              published_at = EXCLUDED.published_at`,
          [f.name, DATASET, f.format, asOf, f.content, f.sha256, rows.length, actor.accountId, tx.now],
        );
      }
      await tx.audit({
        action: 'open_data.publish',
        entity: 'open_data_file',
        details: {
          dataset: DATASET,
          asOf,
          rows: rows.length,
          suppressed: rows.filter((r) => r.suppressed).length,
          files: files.map((f) => ({ name: f.name, sha256: f.sha256, size: f.content.length })),
        },
      });
    });
    return (await this.list()).filter((f) => files.some((x) => x.name === f.name));
  }

  /** What is published, newest first (public). */
  async list(): Promise<OpenDataFileInfo[]> {
    const rows = await this.db.query<Array<Omit<OpenDataFileInfo, 'url' | 'publishedAt'> & { publishedAt: Date }>>(
      `SELECT name, format, to_char(as_of, 'YYYY-MM-DD') AS "asOf", row_count AS "rowCount",
              octet_length(content) AS size, sha256, published_at AS "publishedAt"
         FROM open_data_file ORDER BY as_of DESC, name`,
    );
    return rows.map((r) => ({ ...r, publishedAt: r.publishedAt.toISOString(), url: `/open-data/${r.name}` }));
  }

  /** One published file (public); 404 for any other name. */
  async file(name: string): Promise<{ content: Buffer; contentType: string; sha256: string }> {
    if (!FILE_NAME.test(name)) throw new NotFoundError('no such open data file');
    const [row] = await this.db.query<Array<{ content: Buffer; format: string; sha256: string }>>(
      `SELECT content, format, sha256 FROM open_data_file WHERE name = $1`,
      [name],
    );
    if (!row) throw new NotFoundError('no such open data file');
    const contentType = row.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
    return { content: row.content, contentType, sha256: row.sha256 };
  }
}
