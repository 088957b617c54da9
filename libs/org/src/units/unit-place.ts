/**
 * Where a unit lies, to tell namesakes apart in pickers and lists ("Phòng Văn hóa - Xã hội · Xã An Bình"): the name
 * of its nearest ancestor that is a commune or a province (none for a province itself, under the country). One SQL
 * expression for every list: `unitIdSql` is the column or parameter holding the unit's id. One index lookup per row
 * (idx_org_unit_closure_descendant_id): for pages and API lists, not for exports of millions of rows.
 */
export const unitPlaceSql = (unitIdSql: string): string =>
  `(SELECT pl.name FROM org_unit_closure plc JOIN org_unit pl ON pl.id = plc.ancestor_id
     WHERE plc.descendant_id = ${unitIdSql} AND plc.depth > 0 AND pl.type IN ('commune', 'province')
     ORDER BY plc.depth LIMIT 1)`;

/** "Phòng Văn hóa - Xã hội · Xã An Bình", or the name alone when it has no place. */
export const unitLabel = (name: string, place: string | null | undefined): string =>
  place ? `${name} · ${place}` : name;
