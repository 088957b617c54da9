import { CertificateResponse, VerificationResponse } from '@app/certificates';
import { formatDay } from '../web/format';
import type { Lang } from '../web/i18n';

/** A yyyy-mm-dd day the reader's way: 31/12/2026 on Vietnamese pages, 31 Dec 2026 on English ones. */
export const showDay = (lang: Lang, d: string | null): string => formatDay(lang, d);

/** A certificate as the pages show it. */
export function certificateModel(lang: Lang, c: CertificateResponse) {
  return {
    ...c,
    href: `/certificates/${c.id}`,
    pdfHref: `/certificates/${c.id}/pdf`,
    verifyHref: `/verify/${c.code}`,
    issued: showDay(lang, c.issuedOn),
    completed: showDay(lang, c.completedOn),
    expires: showDay(lang, c.expiresOn),
    revoked: showDay(lang, c.revokedOn),
    statusKey: `cert.status.${c.status}`,
    isSession: c.kind === 'session',
    isValid: c.status === 'valid',
    isRevoked: c.status === 'revoked',
    roles: c.roleNames.join(', '),
    replacedByHref: c.replacedById ? `/certificates/${c.replacedById}` : null,
    replacesHref: c.replacesId ? `/certificates/${c.replacesId}` : null,
  };
}

/** The public verification result: only what verification needs. */
export function verificationModel(lang: Lang, v: VerificationResponse) {
  return {
    ...v,
    headKey: `cert.verify.${v.status}`,
    isSession: v.kind === 'session',
    isValid: v.status === 'valid',
    issued: showDay(lang, v.issuedOn),
    expires: showDay(lang, v.expiresOn),
    revoked: showDay(lang, v.revokedOn),
    replacedByHref: v.replacedBy ? `/verify/${v.replacedBy.code}` : null,
  };
}
