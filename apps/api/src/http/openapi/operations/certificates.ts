import type { OperationDoc } from '../operation-doc';
import { WHO } from './who';

/** Certificates (giấy chứng nhận), their public verification, issuing authorities (cơ quan cấp). */
export const CERTIFICATES_DOCS: Record<string, OperationDoc> = {
  CertificateVerifyController_verify: {
    summary: 'Verify a certificate by its code',
    description:
      'Public verification of a certificate (giấy chứng nhận) from the code printed on it: its status (valid / ' +
      'expired / revoked, with the replacing certificate for a re-issue), the holder’s name, course and version, dates ' +
      'and issuing authority. No contact details. Rate-limited per client address. A code that is malformed or ' +
      'mistyped (its check character) is a 400 naming `code`. ' +
      WHO.public,
    errors: {
      400: {
        message: 'this is not a verification code',
        details: [
          { field: 'code', reason: 'must be 28 characters of 0-9 and A-Z (without I, L, O, U), dashes allowed' },
        ],
      },
      404: 'no certificate has this code',
      429: {
        message: 'too many verification lookups from this address: try again later',
        details: { retryAfterSeconds: 600 },
      },
    },
  },
  CertificatesController_list: {
    summary: 'List certificates',
    description:
      'Certificates of people whose unit is inside the caller’s subtree, newest first; filter by unit (its subtree), ' +
      'course, status (valid, expired, revoked), issue dates and name. ' +
      WHO.certificateRead,
  },
  CertificatesController_csv: {
    summary: 'Download the certificate list as CSV',
    description:
      'The same list as CSV (UTF-8; all pages), with the serial and the verification code and no contact details. ' +
      'Audited as an export. ' +
      WHO.certificateRead,
  },
  CertificatesController_requestZip: {
    summary: 'Ask for a ZIP of certificate PDFs',
    description:
      'The PDFs of the list’s certificates (the same filters; `unitId` defaults to the caller’s scope) as one ZIP, ' +
      'made by a job: 202 with the job’s id; poll GET /api/v1/certificate-zips/{jobId}, then download within 24 hours. ' +
      WHO.certificateRead,
  },
  CertificatesController_zipStatus: {
    summary: 'Get the status of a certificate ZIP',
    description:
      'The job’s state and progress; once ready, the download link and when it expires. ' + WHO.certificateRead,
  },
  CertificatesController_downloadZip: {
    summary: 'Download a certificate ZIP',
    description:
      'The ZIP (audited as an export); 404 before it is ready and after the link expired. ' + WHO.certificateRead,
  },
  CertificatesController_mine: {
    summary: 'List my certificates',
    description: 'The caller’s own certificates (of online courses and of in-person sessions). ' + WHO.anyAccount,
  },
  CertificatesController_get: {
    summary: 'Get a certificate',
    description:
      'One certificate: serial, verification code, holder, course, dates, authority, status. For its holder, or whoever ' +
      'holds `admin`, `organiser` or `agency` over the holder’s unit; others get 404. ' +
      WHO.anyAccount,
  },
  CertificatesController_pdf: {
    summary: 'Download a certificate’s PDF',
    description:
      'The PDF (a revoked certificate’s too: verification tells the truth). For its holder, or readers over the holder’s ' +
      'unit; others get 404. ' +
      WHO.anyAccount,
  },
  CertificatesController_revoke: {
    summary: 'Revoke a certificate',
    description:
      'Revokes the certificate from now (reason required, audited): it no longer counts as training, and verification ' +
      'says it is revoked. ' +
      WHO.certificateManage,
    errors: { 409: 'certificate VL-2026-000123 is already revoked' },
  },
  CertificatesController_reissue: {
    summary: 'Re-issue a certificate',
    description:
      'A new certificate with the roster’s current name, unit and roles (e.g. after a correction); the old one is ' +
      'revoked and points to it (reason required, audited). ' +
      WHO.certificateManage,
    errors: { 409: 'certificate VL-2026-000123 is revoked: re-issue its replacement' },
  },
  CertificatesController_getAuthority: {
    summary: 'Get a unit’s issuing-authority settings',
    description:
      'What the unit prints on the certificates it issues (cơ quan cấp: issuing authority): serial prefix, parent body ' +
      '(e.g. "ỦY BAN NHÂN DÂN TỈNH VĨNH LONG": the provincial People’s Committee), name, place, signatory, seal. 404 when ' +
      'the unit is not an authority. ' +
      WHO.certificateRead,
  },
  CertificatesController_putAuthority: {
    summary: 'Set a unit’s issuing-authority settings',
    description:
      'Makes the unit an issuing authority, or changes what its certificates print from now on (certificates already ' +
      'issued keep their frozen snapshot). ' +
      WHO.certificateManage,
    errors: { 409: 'serial prefix VL belongs to another authority' },
  },
  CertificatesController_putSeal: {
    summary: 'Upload the seal / signature image of an authority',
    description:
      'The image of the seal and signature printed on the authority’s certificates from now on: multipart field `file`, ' +
      'PNG or JPEG, ≤ 2 MB. Audited. ' +
      WHO.certificateManage,
  },
  CertificatesController_getCourse: {
    summary: 'Get a course’s certificate settings',
    description:
      'Whether the course issues certificates, through which authority, and for how many months they stay valid (none: ' +
      'never expire). 404 when the course issues none. ' +
      WHO.courseAuthor,
  },
  CertificatesController_putCourse: {
    summary: 'Set a course’s certificate settings',
    description:
      'Turns certificates of the course on or off, names the issuing authority unit (inside the caller’s subtree) and ' +
      'the validity in months. ' +
      WHO.courseAuthor,
  },
};
