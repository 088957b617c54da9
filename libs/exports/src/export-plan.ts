import { Permission, ValidationError } from '@app/common';
import { EXPORT_FILTERS, EXPORT_FORMATS, EXPORT_KINDS, ExportColumn, ExportFormat, ExportKind } from './kinds';
import { ExportQueryDto } from './dto/export-query.dto';

/** An export resolved and checked: what to read, how to write it, and what the audit log says about it. */
export interface ExportPlan {
  kind: ExportKind;
  format: ExportFormat;
  lang: 'vi' | 'en';
  scopeUnitId: string;
  /** The permission the caller acts as over that subtree (a background export's job acts as it). */
  permission: Permission;
  /** The filters as asked (for the audit entry and a background export's request). */
  filters: Record<string, string>;
  columns: ExportColumn[];
  includeContact: boolean;
  purpose: string | null;
}

/** The kind by its URL name: 400 listing the valid ones. */
export function kindNamed(name: string): ExportKind {
  const kind = EXPORT_KINDS.get(name);
  if (!kind) {
    const valid = [...EXPORT_KINDS.keys()].join(', ');
    throw new ValidationError(`unknown export kind '${name.slice(0, 40)}': valid kinds are ${valid}`, [
      { field: 'kind', reason: `must be one of ${valid}` },
    ]);
  }
  return kind;
}

/** The format by its URL extension: 400 listing the valid ones. */
export function formatNamed(name: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(name)) {
    const valid = EXPORT_FORMATS.join(', ');
    throw new ValidationError(`unknown export format '${name.slice(0, 8)}': valid formats are ${valid}`, [
      { field: 'format', reason: `must be one of ${valid}` },
    ]);
  }
  return name as ExportFormat;
}

/** The filters the query sets, each one the kind understands (else 400 naming it), with a valid status. */
export function filtersFor(kind: ExportKind, q: ExportQueryDto): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const name of EXPORT_FILTERS) {
    const value = q[name];
    if (value === undefined) continue;
    if (!kind.filters.includes(name)) {
      throw new ValidationError(`${name}: not a filter of ${kind.name} (its filters: ${kind.filters.join(', ')})`, [
        { field: name, reason: `not a filter of ${kind.name}` },
      ]);
    }
    filters[name] = value;
  }
  if (filters.status !== undefined && !(kind.statuses ?? []).includes(filters.status)) {
    const valid = (kind.statuses ?? []).join(', ');
    throw new ValidationError(`status must be one of ${valid}`, [
      { field: 'status', reason: `must be one of ${valid}` },
    ]);
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    throw new ValidationError('from must not be after to', [{ field: 'from', reason: 'is after to' }]);
  }
  return filters;
}
