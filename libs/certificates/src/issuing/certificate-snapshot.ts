import type { CertificatePrint } from '../pdf/certificate-print';

/**
 * What a certificate certifies, frozen when it is issued (certificate.snapshot): later changes to the person, their
 * unit, the course or the authority never change an issued certificate; a corrected name is a re-issue.
 */
export interface CertificateSnapshot {
  personName: string;
  /** The person's unit with its place ("Phòng Văn hóa - Xã hội, Xã Long Hồ"), or null. */
  unitName: string | null;
  roleNames: string[];
  title: string;
  courseCode: string;
  versionNo: number;
  scorePercent: number | null;
  /** yyyy-mm-dd. */
  completedOn: string;
  /** What the authority's settings said at the time of issue (printed as is). */
  authority: CertificatePrint['authority'];
  /** The seal image's storage key at the time of issue, or null. */
  sealKey: string | null;
}

/** The template the stored PDFs were drawn with: raise it when the layout changes, and a job re-renders them all. */
export const CERTIFICATE_TEMPLATE = 1;

/** Certificates are dated in Vietnam's time: the one definition lives in @app/common. */
export { vietnamDay } from '@app/common';

export type CertificateStatus = 'valid' | 'expired' | 'revoked';

/** The status on a day: revoked (from the day of revocation), expired (from expires_on), else valid. */
export function statusOn(c: { revokedOn: string | null; expiresOn: string | null }, day: string): CertificateStatus {
  if (c.revokedOn !== null && c.revokedOn <= day) return 'revoked';
  if (c.expiresOn !== null && c.expiresOn <= day) return 'expired';
  return 'valid';
}
