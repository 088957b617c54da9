export * from './certificates.module';
export * from './pdf/certificate-print';
export * from './codes/verification-code';
export * from './certificates/dto/certificate.dto';
export * from './verification/dto/verification.dto';
export { CertificatesService } from './certificates/certificates.service';
export { AuthoritiesService, MAX_SEAL_BYTES } from './authorities/authorities.service';
export { VerificationService, MistypedCodeError } from './verification/verification.service';
export { VERIFY_MAX_LOOKUPS, VERIFY_MAX_MISSES, VERIFY_WINDOW_MINUTES } from './verification/verification-limiter';
export { CertificateIssuer, formatSerial, ISSUE_CHUNK } from './issuing/certificate-issuer';
export { SessionAttendance, SessionCertificateIssuer, sessionSourceKey } from './issuing/session-certificate-issuer';
export { CertificatePdfs, verifyUrl } from './issuing/certificate-pdfs';
export { CertificateSchedule, ISSUE_DUE_SCHEDULE } from './issuing/certificate.schedule';
export {
  ISSUE_CERTIFICATE_JOB,
  ISSUE_DUE_CERTIFICATES_JOB,
  RENDER_CERTIFICATES_JOB,
  issueCertificateKey,
} from './issuing/certificate.jobs';
export { CERTIFICATE_TEMPLATE, CertificateSnapshot, statusOn, vietnamDay } from './issuing/certificate-snapshot';
export { EXPIRY_REMINDERS_JOB, EXPIRY_REMINDER_DAYS, ExpiryRemindersJob } from './expiry/expiry-reminders';
export { DEMO_AUTHORITY, DEMO_VALIDITY_MONTHS, DemoCertificatesSeeder } from './seed/demo-certificates.seeder';
export * from './pdf/certificate-fonts';
export * from './pdf/certificate-pdf.renderer';
export * from './pdf/seal-image';
export * from './pdf/vietnamese-date';
export { certificateStatusOn } from './issuing/certificate.repository';
export { certificatePeriods, validityPeriod } from './issuing/certificate-periods';
export { CERTIFICATE_ZIP_JOB, CertificateZips, CertificateZipStatus, ZIP_LINK_HOURS } from './bulk/certificate-zip';
