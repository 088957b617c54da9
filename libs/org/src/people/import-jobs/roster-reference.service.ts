import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Actor, csvStream, ForbiddenError, neutraliseFormula } from '@app/common';
import { Policy, scopesFor } from '../../access/policy';
import { OrgUnitsService } from '../../units/org-units.service';
import { unitLabel } from '../../units/unit-place';
import { rosterTemplateRows, rosterTemplateXlsx } from '../import/roster-template';
import { RosterReferenceRepository } from './roster-reference.repository';

/** A file to download: its bytes (or stream), name and content type. */
export interface DownloadFile {
  body: Buffer | Readable;
  fileName: string;
  contentType: string;
}

const CSV = 'text/csv; charset=utf-8';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The downloads beside the roster import form: a template to fill in, the codes of the units the caller may import
 * into (their subtrees, never another's) and the active roles with their names. CSVs are UTF-8 with a BOM (Excel).
 */
@Injectable()
export class RosterReferenceService {
  constructor(
    private readonly repo: RosterReferenceRepository,
    private readonly units: OrgUnitsService,
  ) {}

  /** Vietnamese headers and one example row naming the caller's own unit and the first active role, by name. */
  async template(actor: Actor, kind: 'csv' | 'xlsx'): Promise<DownloadFile> {
    const [scope] = this.scopes(actor);
    const [unit, roles] = await Promise.all([this.units.getVisibleUnit(actor, scope), this.repo.roles()]);
    const example = { unitCode: unit.code, roleName: roles[0]?.nameVi ?? '' };
    if (kind === 'xlsx') {
      return { body: await rosterTemplateXlsx(example), fileName: 'mau-danh-sach-can-bo.xlsx', contentType: XLSX };
    }
    return { body: csvOf(rosterTemplateRows(example)), fileName: 'mau-danh-sach-can-bo.csv', contentType: CSV };
  }

  /** The active units of the caller's subtrees: code, name, place (to tell namesakes apart), and both together. */
  async unitList(actor: Actor): Promise<DownloadFile> {
    const units = await this.repo.units(this.scopes(actor));
    const rows = units.map((u) => [u.code, u.name, u.place ?? '', unitLabel(u.name, u.place)]);
    return {
      body: csvOf([['Mã đơn vị', 'Tên đơn vị', 'Địa bàn', 'Đơn vị · Địa bàn'], ...rows]),
      fileName: 'don-vi.csv',
      contentType: CSV,
    };
  }

  /** The active roles: code, Vietnamese name, English name (a role cell may hold any of them). */
  async roleList(actor: Actor): Promise<DownloadFile> {
    this.scopes(actor);
    const roles = await this.repo.roles();
    const rows = roles.map((r) => [r.code, r.nameVi, r.nameEn]);
    return {
      body: csvOf([['Mã vai trò', 'Tên vai trò', 'Tên tiếng Anh (English name)'], ...rows]),
      fileName: 'vai-tro.csv',
      contentType: CSV,
    };
  }

  /** The active roles, for the import page (code and names). */
  async roles(actor: Actor): Promise<Array<{ code: string; nameVi: string; nameEn: string }>> {
    this.scopes(actor);
    return (await this.repo.roles()).map(({ code, nameVi, nameEn }) => ({ code, nameVi, nameEn }));
  }

  /** The subtrees the caller imports into (as the import itself: Policy.RosterWrite). */
  private scopes(actor: Actor): string[] {
    const scopes = scopesFor(actor, Policy.RosterWrite);
    if (scopes.length === 0) throw new ForbiddenError('only administrators and organisers import rosters');
    return scopes;
  }
}

function csvOf(rows: string[][]): Readable {
  return csvStream(
    (async function* () {
      for (const row of rows) yield row.map(neutraliseFormula);
    })(),
  );
}
