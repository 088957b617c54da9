import type { MailMessage } from '@app/mail';

/** A "due soon" reminder goes out when the due date is this many days away or fewer (0 = due today). */
export const DUE_SOON_DAYS = 7;

export const REMINDER_KINDS = ['due_soon', 'overdue'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** The outbox kind of each reminder (what the outbox page filters on). */
export const REMINDER_MAIL_KIND: Record<ReminderKind, string> = {
  due_soon: 'learning.due_soon',
  overdue: 'learning.overdue',
};

export interface ReminderFacts {
  kind: ReminderKind;
  fullName: string;
  email: string;
  courseTitle: string;
  /** YYYY-MM-DD */
  dueDate: string;
  /** YYYY-MM-DD: the day the reminder is for. */
  today: string;
  courseUrl: string;
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy', as dates are written in Vietnam. */
export const vnDate = (isoDate: string): string => {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
};

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

const shorten = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The reminder e-mail: Vietnamese first, English below. */
export function reminderMail(f: ReminderFacts): MailMessage {
  const title = shorten(f.courseTitle, 120);
  const due = vnDate(f.dueDate);
  const signVi = 'Thư này được gửi tự động từ hệ thống Mộc, vui lòng không trả lời thư.';
  const signEn = 'This message was sent automatically by Mộc; please do not reply.';
  let subject: string;
  let vi: string[];
  let en: string[];
  if (f.kind === 'due_soon') {
    const left = daysBetween(f.today, f.dueDate);
    subject = `Nhắc hạn học: “${title}” cần hoàn thành trước hết ngày ${due} / Course due ${due}`;
    vi = [
      `Khoá học “${f.courseTitle}” được giao cho anh/chị cần hoàn thành trước hết ngày ${due}` +
        (left > 0 ? ` (còn ${left} ngày).` : ' (hôm nay là hạn cuối).'),
      `Mời anh/chị tiếp tục học tại: ${f.courseUrl}`,
    ];
    en = [
      `The course “${f.courseTitle}” assigned to you is due by ${due}` +
        (left > 1 ? ` (${left} days left).` : left === 1 ? ' (1 day left).' : ' (due today).'),
      `Continue here: ${f.courseUrl}`,
    ];
  } else {
    const late = daysBetween(f.dueDate, f.today);
    subject = `Quá hạn học: “${title}” (hạn ${due}) / Course overdue`;
    vi = [
      `Khoá học “${f.courseTitle}” được giao cho anh/chị đã quá hạn hoàn thành (hạn ngày ${due}, quá ${late} ngày).`,
      `Mời anh/chị sớm hoàn thành khoá học tại: ${f.courseUrl}`,
    ];
    en = [
      `The course “${f.courseTitle}” assigned to you was due on ${due} and is not completed yet ` +
        (late === 1 ? '(1 day overdue).' : `(${late} days overdue).`),
      `Please complete it soon: ${f.courseUrl}`,
    ];
  }
  const text = [
    `Kính gửi ${f.fullName},`,
    '',
    ...vi,
    '',
    signVi,
    '',
    '-- English --',
    '',
    `Dear ${f.fullName},`,
    '',
    ...en,
    '',
    signEn,
    '',
  ].join('\n');
  return { kind: REMINDER_MAIL_KIND[f.kind], to: f.email, subject, text };
}
