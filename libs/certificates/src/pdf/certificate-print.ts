/**
 * Everything printed on a certificate, frozen when it is issued (the certificate's snapshot plus its serial and
 * code). The PDF renderer takes only this: it never reads the database, so a re-render after a template change
 * prints exactly what was certified.
 */
export interface CertificatePrint {
  /** 'course': completion of an online course; 'session': attendance at an in-person session (issue 15). */
  kind: 'course' | 'session';
  /** Per issuing authority and year, e.g. `VL-2026-000123`. */
  serial: string;
  /** The verification code as printed, in groups: `7KQ2-M9XA-…`. */
  code: string;
  /** `PUBLIC_URL/verify/<code>`: what the QR code holds. */
  verifyUrl: string;
  /** NFC, with its diacritics, as on the roster. */
  personName: string;
  /** The person's unit when issued, shown with its place (e.g. "Phòng Văn hóa - Xã hội, Xã Long Hồ"), or null. */
  unitName: string | null;
  /** The roles the person held when issued (Vietnamese names), possibly empty. */
  roleNames: string[];
  /** The course's (or session's) title in the version certified, and its code. */
  title: string;
  courseCode: string;
  versionNo: number;
  /** The final exam's percent (0–100), when the course had one. */
  scorePercent: number | null;
  /** yyyy-mm-dd. */
  issueDate: string;
  /** yyyy-mm-dd, or null when the certificate does not expire. */
  expiresOn: string | null;
  authority: {
    /** As printed, upper line of the heading, e.g. "ỦY BAN NHÂN DÂN TỈNH VĨNH LONG" (may be null). */
    parentName: string | null;
    /** e.g. "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH". */
    name: string;
    /** For the date line, e.g. "Vĩnh Long". */
    placeName: string;
    /** e.g. "GIÁM ĐỐC". */
    signatoryTitle: string;
    signatoryName: string;
  };
  /** An optional PNG/JPEG of the seal and signature, drawn over the signatory block. */
  sealImage: Buffer | null;
}
