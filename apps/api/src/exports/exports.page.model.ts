import { EXAM_RESULT_STATUSES, ExportJobResponse } from '@app/exports';
import { FieldProblem } from '../learning/authoring/authoring.page.model';
import { Lang, translate } from '../web/i18n';

/** The fields of the export form, as posted. */
export const EXPORT_FORM_FIELDS = [
  'kind',
  'format',
  'unitId',
  'roleId',
  'courseId',
  'status',
  'from',
  'to',
  'date',
  'includeContact',
  'purpose',
  'mode',
] as const;

/** Statuses offered by the form, per list (the API refuses a status the list does not know). */
const STATUSES: Array<{ value: string; vi: string; en: string }> = [
  { value: 'active', vi: 'Cán bộ: đang công tác', en: 'People: active' },
  { value: 'on_leave', vi: 'Cán bộ: nghỉ phép', en: 'People: on leave' },
  { value: 'left', vi: 'Cán bộ: đã nghỉ', en: 'People: left' },
  { value: 'valid', vi: 'Giấy chứng nhận: còn hiệu lực', en: 'Certificates: valid' },
  { value: 'expired', vi: 'Giấy chứng nhận: đã hết hạn', en: 'Certificates: expired' },
  { value: 'revoked', vi: 'Giấy chứng nhận: đã thu hồi', en: 'Certificates: revoked' },
  ...EXAM_RESULT_STATUSES.map((s) => ({
    value: s,
    vi: `Kết quả kiểm tra: ${{ passed: 'đạt', failed: 'không đạt', in_progress: 'đang làm bài' }[s]}`,
    en: `Exam results: ${s.replace('_', ' ')}`,
  })),
];

const option = (value: string, label: string, chosen: string) => ({ value, label, selected: value === chosen });

export function exportFormModel(
  lang: Lang,
  form: Record<string, string>,
  problems: FieldProblem[],
  choices: {
    kinds: string[];
    formats: string[];
    units: Array<{ id: string; name: string }>;
    roles: Array<{ id: string; name: string }>;
  },
) {
  return {
    form,
    problems,
    kinds: choices.kinds.map((k) => option(k, translate(lang, `exp.kind.${k}`), form.kind)),
    formats: choices.formats.map((f) => option(f, f.toUpperCase(), form.format)),
    units: choices.units.map((u) => option(u.id, u.name, form.unitId ?? '')),
    roles: choices.roles.map((r) => option(r.id, r.name, form.roleId ?? '')),
    statuses: STATUSES.map((s) => option(s.value, s[lang], form.status ?? '')),
    contactChecked: !!form.includeContact,
  };
}

const time = (lang: Lang, iso: string): string =>
  new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });

export function myExportsModel(lang: Lang, items: ExportJobResponse[], requested: boolean) {
  return {
    title: translate(lang, 'exp.mine'),
    requested,
    items: items.map((j) => ({
      list: `${translate(lang, `exp.kind.${j.kind}`)} (${j.format.toUpperCase()})`,
      created: time(lang, j.createdAt),
      status: `${j.status}${j.link === 'pending' ? ` ${j.progress}%` : ''}`,
      rows: j.rowCount ?? '',
      href: j.downloadUrl,
      linkText: j.downloadUrl
        ? translate(lang, 'exp.link.ready').replace('{at}', time(lang, j.expiresAt!))
        : translate(lang, `exp.link.${j.link}`),
    })),
  };
}
