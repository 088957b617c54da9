/**
 * Times on the exam pages are shown in the viewer's time zone, Vietnam's (Asia/Ho_Chi_Minh: UTC+7 all year, no
 * daylight saving), and the organisers' datetime-local fields are read in it. The API keeps ISO instants.
 */
export const EXAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const FORMAT = new Intl.DateTimeFormat('sv-SE', {
  timeZone: EXAM_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "yyyy-mm-dd hh:mm" in Vietnam time (the pages add "giờ Việt Nam"). */
export const when = (iso: string | null): string | null => (iso ? FORMAT.format(new Date(iso)) : null);

/** An instant as a datetime-local field's value in Vietnam time ("2026-01-05T08:00"); '' for none. */
export const localInput = (iso: string | null): string => when(iso)?.replace(' ', 'T') ?? '';

/** A datetime-local field's value ("2026-01-05T08:00") as an instant in Vietnam time; anything else as typed. */
export const fromLocalInput = (v: string): string | null =>
  v === '' ? null : /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(v) ? `${v}:00+07:00` : v;
