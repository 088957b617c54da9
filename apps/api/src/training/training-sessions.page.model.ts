import { AttendanceRowResponse, InviteeResponse, SessionResponse, vietnamMonth } from '@app/training';
import { Lang, translate } from '../web/i18n';

const VN = 'Asia/Ho_Chi_Minh';
const fmt = (lang: Lang, o: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: VN, ...o });

/** "08:00 05/12/2026" in Vietnam time (the session's times are shown as the hall's clock reads). */
export const vietnamTime = (lang: Lang, iso: string): string =>
  `${fmt(lang, { hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso))} ${fmt(lang, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(iso))}`;

/** The Vietnam calendar day of an instant (yyyy-mm-dd). */
const vnDay = (iso: string | Date): string =>
  new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/** The Vietnam month (yyyy-mm) of an instant. */
export const vietnamMonthOf = (at: Date): string => vnDay(at).slice(0, 7);

const shift = (month: string, by: number): string => {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
};

export function sessionSummary(lang: Lang, s: SessionResponse) {
  return {
    id: s.id,
    href: `/training-sessions/${s.id}`,
    title: s.title,
    kind: translate(lang, `training.kind.${s.kind}`),
    unit: s.organiserUnitName,
    when: `${vietnamTime(lang, s.startsAt)} – ${vietnamTime(lang, s.endsAt)}`,
    where: s.place ?? s.onlineUrl ?? '',
    counts: s.counts,
    counting: s.countingRoleIds.length > 0,
    cancelled: s.status === 'cancelled',
  };
}

/** The month grid (weeks from Monday) with each day's sessions, and links to the months around it. */
export function calendarModel(lang: Lang, month: string, sessions: SessionResponse[], today: string) {
  const { from } = vietnamMonth(month);
  const first = new Date(from.getTime() + 7 * 3_600_000); // 00:00 of the 1st, Vietnam time, as a UTC date
  const lead = (first.getUTCDay() + 6) % 7;
  const days = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const cells: Array<{
    day: number | null;
    date: string;
    today: boolean;
    sessions: Array<{ href: string; title: string }>;
  }> = [];
  for (let i = 0; i < lead; i++) cells.push({ day: null, date: '', today: false, sessions: [] });
  for (let d = 1; d <= days; d++) {
    const date = `${month}-${String(d).padStart(2, '0')}`;
    const on = sessions.filter((s) => vnDay(s.startsAt) <= date && date <= vnDay(s.endsAt));
    cells.push({
      day: d,
      date,
      today: date === today,
      sessions: on.map((s) => ({ href: `/training-sessions/${s.id}`, title: s.title })),
    });
  }
  while (cells.length % 7) cells.push({ day: null, date: '', today: false, sessions: [] });
  const weeks = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const label = fmt(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
  return {
    month,
    label,
    weeks,
    weekdays:
      lang === 'vi' ? ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'] : ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    prevHref: `/training-sessions?month=${shift(month, -1)}`,
    nextHref: `/training-sessions?month=${shift(month, 1)}`,
  };
}

const STATUS_KEYS = ['present', 'absent', 'excused'] as const;

/** A person of the expected list with the three tick buttons (the current one pressed). */
export function attendanceRowModel(lang: Lang, r: AttendanceRowResponse) {
  return {
    personId: r.personId,
    fullName: r.fullName,
    unitName: r.unitName,
    invitation: r.invitation ? translate(lang, `training.invitee.${r.invitation}`) : translate(lang, 'training.walkIn'),
    statusLabel: r.status ? translate(lang, `training.att.${r.status}`) : translate(lang, 'training.att.none'),
    status: r.status ?? 'none',
    buttons: STATUS_KEYS.map((s) => ({
      value: s,
      label: translate(lang, `training.att.${s}`),
      pressed: r.status === s,
    })),
  };
}

export function inviteeModel(lang: Lang, i: InviteeResponse) {
  return { ...i, statusLabel: translate(lang, `training.invitee.${i.status}`) };
}
