import { OUTBOX_STATES, OutboxPageResponse } from '@app/mail';
import { queryString } from '../web/page-helpers';
import { addMessages, Lang, translate } from '../web/i18n';

addMessages('vi', {
  'outbox.title': 'Thư đi',
  'outbox.intro': 'Các thư điện tử hệ thống đã viết (mời kích hoạt tài khoản, nhắc hạn học…), mới nhất trước.',
  'outbox.smtpOff': 'Chưa cấu hình SMTP: thư được giữ lại ở đây, không gửi đi.',
  'outbox.smtpOn': 'Đã cấu hình SMTP: thư được gửi đi bởi tác vụ nền; nội dung thư được xoá khi đã gửi.',
  'outbox.kind': 'Loại thư',
  'outbox.status': 'Tình trạng',
  'outbox.all': 'Tất cả',
  'outbox.status.sent': 'Đã gửi',
  'outbox.status.unsent': 'Chưa gửi',
  'outbox.filter': 'Lọc',
  'outbox.total': 'Số thư',
  'outbox.caption': 'Thư đi, trang',
  'outbox.col.kind': 'Loại',
  'outbox.col.to': 'Người nhận',
  'outbox.col.subject': 'Tiêu đề',
  'outbox.col.created': 'Tạo lúc (UTC)',
  'outbox.col.sent': 'Gửi lúc (UTC)',
  'outbox.col.attempts': 'Số lần gửi',
  'outbox.col.error': 'Lỗi gần nhất',
  'outbox.body': 'Nội dung thư',
  'outbox.notSent': 'Chưa gửi',
  'outbox.none': 'Không có thư nào.',
  'outbox.pages': 'Các trang thư đi',
  'outbox.previous': 'Trang trước',
  'outbox.next': 'Trang sau',
});
addMessages('en', {
  'outbox.title': 'Outbox',
  'outbox.intro': 'E-mails the platform wrote (account invitations, course reminders…), newest first.',
  'outbox.smtpOff': 'SMTP not configured: messages are kept here and not sent.',
  'outbox.smtpOn': 'SMTP configured: messages are sent by a background job; their text is cleared once sent.',
  'outbox.kind': 'Kind',
  'outbox.status': 'Status',
  'outbox.all': 'All',
  'outbox.status.sent': 'Sent',
  'outbox.status.unsent': 'Not sent',
  'outbox.filter': 'Filter',
  'outbox.total': 'Messages',
  'outbox.caption': 'Outbox, page',
  'outbox.col.kind': 'Kind',
  'outbox.col.to': 'To',
  'outbox.col.subject': 'Subject',
  'outbox.col.created': 'Created (UTC)',
  'outbox.col.sent': 'Sent at (UTC)',
  'outbox.col.attempts': 'Attempts',
  'outbox.col.error': 'Last error',
  'outbox.body': 'Message text',
  'outbox.notSent': 'Not sent',
  'outbox.none': 'No messages.',
  'outbox.pages': 'Outbox pages',
  'outbox.previous': 'Previous page',
  'outbox.next': 'Next page',
});

/** The kinds the platform writes, offered as suggestions in the filter. */
export const KNOWN_MAIL_KINDS = ['account.invitation', 'learning.due_soon', 'learning.overdue'];

/** The outbox page: the filter form (kept as typed), the rows, and prev/next links that keep the filters. */
export function outboxPageModel(v: {
  query: { kind?: string; status?: string };
  lang: Lang;
  number: number;
  size: number;
  list: OutboxPageResponse;
}): Record<string, unknown> {
  const { query, lang, list } = v;
  const filters = { kind: query.kind, status: query.status };
  const href = (n: number): string => `/admin/outbox${queryString({ ...filters, page: n > 1 ? n : undefined })}`;
  const last = Math.max(1, Math.ceil(list.total / v.size));
  return {
    title: translate(lang, 'outbox.title'),
    smtpConfigured: list.smtpConfigured,
    kind: query.kind ?? '',
    kinds: KNOWN_MAIL_KINDS,
    statuses: OUTBOX_STATES.map((s) => ({ value: s, key: `outbox.status.${s}`, selected: s === query.status })),
    page: {
      number: v.number,
      last,
      total: list.total,
      prevHref: v.number > 1 ? href(v.number - 1) : null,
      nextHref: v.number < last ? href(v.number + 1) : null,
      items: list.items,
    },
  };
}
