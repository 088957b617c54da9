import { searchKey } from '@app/common';

/** An active role of the catalogue (table `role`), as the import matches it. */
export interface CatalogueRole {
  id: string;
  code: string;
  nameVi: string;
  nameEn: string;
}

/** What a role cell names: the role codes, or the parts of it that name no role or several. */
export type RoleCellMatch =
  | { ok: true; codes: string[] }
  | { ok: false; empty: boolean; unknown: string[]; ambiguous: Array<{ text: string; codes: string[] }> };

/** How names are compared: NFC, no case, no diacritics (đ = d), punctuation and spacing ignored. */
export const roleNameKey = (text: string): string =>
  searchKey(text.normalize('NFC'))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

type Lookup = { code: string } | { codes: string[] } | null;

/**
 * The active roles, matched by code (as the export writes them; any case) or by their Vietnamese or English name
 * (as the plans write them: "Cán bộ làm công tác quyền con người"; case, diacritics and punctuation ignored).
 * A code wins over a name; a name shared by two roles is ambiguous (the row must then use the code).
 */
export class RoleCatalogue {
  private readonly byCode = new Map<string, CatalogueRole>();
  private readonly byName = new Map<string, Set<string>>();
  // A roster repeats a few role cells 100,000 times: remember the answers, bounded.
  private readonly cells = new Map<string, RoleCellMatch>();

  constructor(roles: readonly CatalogueRole[]) {
    for (const role of roles) {
      this.byCode.set(role.code, role);
      for (const name of [role.nameVi, role.nameEn]) {
        const key = roleNameKey(name);
        if (key === '') continue;
        const codes = this.byName.get(key) ?? new Set<string>();
        codes.add(role.code);
        this.byName.set(key, codes);
      }
    }
  }

  /** The id of an active role's code. */
  idOf(code: string): string | undefined {
    return this.byCode.get(code)?.id;
  }

  /**
   * A role cell: roles separated by ';', '|' or ','. A comma may also sit inside a name ("Phóng viên, biên tập
   * viên"): the longest run of comma-separated pieces that names a role is taken.
   */
  matchCell(text: string): RoleCellMatch {
    let result = this.cells.get(text);
    if (result === undefined) {
      result = this.matchUncached(text);
      if (this.cells.size < 10_000) this.cells.set(text, result);
    }
    return result;
  }

  private matchUncached(text: string): RoleCellMatch {
    const codes: string[] = [];
    const unknown: string[] = [];
    const ambiguous: Array<{ text: string; codes: string[] }> = [];
    const take = (part: string, found: Lookup): void => {
      if (found === null) unknown.push(part);
      else if ('code' in found) codes.push(found.code);
      else ambiguous.push({ text: part, codes: found.codes });
    };
    for (const part of text.split(/[;|]/).map(clean)) {
      if (part === '') continue;
      const whole = this.lookup(part);
      if (whole !== null || !part.includes(',')) {
        take(part, whole);
        continue;
      }
      const pieces = this.splitOnCommas(part);
      if (pieces.every((p) => p.found === null)) {
        take(part, null); // nothing in it names a role: report it whole
      } else {
        for (const p of pieces) take(p.text, p.found);
      }
    }
    if (unknown.length > 0 || ambiguous.length > 0 || codes.length === 0) {
      return { ok: false, empty: codes.length + unknown.length + ambiguous.length === 0, unknown, ambiguous };
    }
    return { ok: true, codes: [...new Set(codes)] };
  }

  /** Greedy: from each piece, the longest run of pieces that names a role, else the piece alone (unknown). */
  private splitOnCommas(part: string): Array<{ text: string; found: Lookup }> {
    const pieces = part.split(',').map(clean);
    const out: Array<{ text: string; found: Lookup }> = [];
    let i = 0;
    while (i < pieces.length) {
      let j = pieces.length;
      let found: Lookup = null;
      for (; j > i; j--) {
        found = this.lookup(pieces.slice(i, j).join(', '));
        if (found !== null) break;
      }
      if (found === null) j = i + 1;
      const text = pieces.slice(i, j).join(', ');
      if (text !== '') out.push({ text, found });
      i = j;
    }
    return out;
  }

  private lookup(text: string): Lookup {
    const byCode = this.byCode.get(text.toUpperCase());
    if (byCode) return { code: byCode.code };
    const codes = this.byName.get(roleNameKey(text));
    if (!codes) return null;
    return codes.size === 1 ? { code: [...codes][0] } : { codes: [...codes].sort() };
  }
}

const clean = (s: string): string => s.replace(/\s+/g, ' ').trim();
