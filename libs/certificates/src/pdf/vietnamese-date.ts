const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(yyyyMmDd: string): { year: string; month: string; day: string } {
  const match = ISO_DATE.exec(yyyyMmDd);
  if (!match) throw new Error(`not a yyyy-mm-dd date: "${yyyyMmDd}"`);
  const [, year, month, day] = match;
  const date = new Date(`${yyyyMmDd}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== yyyyMmDd) {
    throw new Error(`not a calendar date: "${yyyyMmDd}"`);
  }
  return { year, month, day };
}

/**
 * The place and date line of a Vietnamese administrative document, day and month on two digits:
 * `vietnameseDateLine('Vĩnh Long', '2026-12-04')` → "Vĩnh Long, ngày 04 tháng 12 năm 2026". Pure: no time zone, the
 * date is the one given.
 */
export function vietnameseDateLine(place: string, yyyyMmDd: string): string {
  const { year, month, day } = parts(yyyyMmDd);
  return `${place.trim()}, ngày ${day} tháng ${month} năm ${year}`;
}

/** dd/mm/yyyy, as dates are written in running Vietnamese text: '2028-12-04' → "04/12/2028". */
export function vietnameseShortDate(yyyyMmDd: string): string {
  const { year, month, day } = parts(yyyyMmDd);
  return `${day}/${month}/${year}`;
}
