/** The Vietnamese ICU collation created by migration 1765200400000 (Đ after D, Ư after U, Ủ among the U). */
export const VIETNAMESE_COLLATION = 'vi_vn';

/**
 * `expr` in Vietnamese order, for the ORDER BY of names people read in lists (units, accounts, people):
 * `ORDER BY ${vietnameseOrder('u.name')}, u.code`.
 */
export function vietnameseOrder(expr: string): string {
  return `${expr} COLLATE ${VIETNAMESE_COLLATION}`;
}
