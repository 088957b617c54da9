import { CertificateResponse } from '@app/certificates';
import { topicTagLabel, TOPIC_TAGS } from '@app/learning';
import { ExternalTrainingResponse } from '@app/training';
import { showDay } from '../certificates/certificates.page.model';
import { translate, type Lang } from '../web/i18n';

/** One line of "my training": a certificate (course or session) or a record of training done elsewhere. */
export interface MyTrainingItem {
  kindLabel: string;
  title: string;
  detail: string;
  day: string;
  statusLabel: string;
  counts: boolean;
  href: string;
  sortKey: string;
}

const dates = (lang: Lang, from: string, to: string): string =>
  from === to ? showDay(lang, from) : `${showDay(lang, from)} – ${showDay(lang, to)}`;

/** Certificates and records in one list, the most recent training first. */
export function myTrainingItems(
  lang: Lang,
  certificates: CertificateResponse[],
  records: ExternalTrainingResponse[],
): MyTrainingItem[] {
  const fromCertificates = certificates.map((c) => ({
    kindLabel: translate(lang, `ext.kind.${c.kind}`),
    title: c.title,
    detail: `${translate(lang, 'cert.serial')} ${c.serial}`,
    day: showDay(lang, c.completedOn),
    statusLabel: translate(
      lang,
      `ext.status.${c.status === 'valid' ? 'valid' : c.status === 'expired' ? 'expired' : 'revoked'}`,
    ),
    counts: c.status === 'valid',
    href: `/certificates/${c.id}`,
    sortKey: c.completedOn,
  }));
  const fromRecords = records.map((r) => ({
    kindLabel: translate(lang, 'ext.kind.external'),
    title: r.title,
    detail: `${r.organiser} · ${r.hours} ${translate(lang, 'ext.hoursUnit')}`,
    day: dates(lang, r.startedOn, r.endedOn),
    statusLabel: translate(lang, `ext.status.${r.status}`),
    counts: r.countsToday,
    href: `/external-training/${r.id}`,
    sortKey: r.endedOn,
  }));
  return [...fromCertificates, ...fromRecords].sort((a, b) => b.sortKey.localeCompare(a.sortKey));
}

/** A record as the pages show it. */
export function recordModel(lang: Lang, r: ExternalTrainingResponse) {
  return {
    ...r,
    href: `/external-training/${r.id}`,
    evidenceHref: `/external-training/${r.id}/evidence`,
    dates: dates(lang, r.startedOn, r.endedOn),
    approved: showDay(lang, r.approvedOn),
    expires: showDay(lang, r.expiresOn),
    revoked: showDay(lang, r.revokedOn),
    statusLabel: translate(lang, `ext.status.${r.status}`),
    topicLabels: r.topics.map((t) => topicTagLabel(t, lang)).join(', '),
    roleLabels: r.roles.map((role) => (lang === 'en' ? role.nameEn : role.nameVi)).join(', '),
    isPending: r.status === 'pending',
    isApproved: r.status === 'approved',
  };
}

/** The topic checkboxes of the form. */
export const topicOptions = (lang: Lang, chosen: readonly string[]) =>
  TOPIC_TAGS.map((t) => ({ value: t.code, label: lang === 'en' ? t.en : t.vi, checked: chosen.includes(t.code) }));
