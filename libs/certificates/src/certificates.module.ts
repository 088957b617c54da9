import { Module, Provider } from '@nestjs/common';
import { LearningModule } from '@app/learning';
import { OrgModule } from '@app/org';
import { AuthorityRepository } from './authorities/authority.repository';
import { AuthoritiesService } from './authorities/authorities.service';
import { CertificateZipJob, CertificateZips } from './bulk/certificate-zip';
import { CertificatesService } from './certificates/certificates.service';
import { ExpiryRemindersJob } from './expiry/expiry-reminders';
import { CertificateIssuer } from './issuing/certificate-issuer';
import { IssueCertificateJob, IssueDueCertificatesJob, RenderCertificatesJob } from './issuing/certificate.jobs';
import { CertificatePdfs } from './issuing/certificate-pdfs';
import { CertificateRepository } from './issuing/certificate.repository';
import { SessionCertificateIssuer } from './issuing/session-certificate-issuer';
import { CertificateSchedule } from './issuing/certificate.schedule';
import { CertificatePdfRenderer } from './pdf/certificate-pdf.renderer';
import { DemoCertificatesSeeder } from './seed/demo-certificates.seeder';
import { VerificationLimiter } from './verification/verification-limiter';
import { VerificationService } from './verification/verification.service';

const EXPORTED: Provider[] = [
  CertificatesService,
  AuthoritiesService,
  VerificationService,
  CertificateIssuer,
  SessionCertificateIssuer,
  CertificatePdfs,
  CertificateSchedule,
  CertificatePdfRenderer,
  ExpiryRemindersJob,
  DemoCertificatesSeeder,
  CertificateZips,
];

/**
 * Certificates: issuing authorities, issue-once on completion (a job per enrolment dispatched in the completing
 * transaction, and a due sweep), PDFs in storage, public verification with a per-address limit, revocation,
 * re-issue, expiry reminders. Needs the global ConfigModule, DbModule, JobsModule, AuditModule, StorageModule and
 * MailModule (as LearningModule does).
 */
@Module({
  imports: [OrgModule, LearningModule],
  providers: [
    ...EXPORTED,
    CertificateRepository,
    AuthorityRepository,
    VerificationLimiter,
    IssueCertificateJob,
    IssueDueCertificatesJob,
    RenderCertificatesJob,
    CertificateZipJob,
  ],
  exports: EXPORTED,
})
export class CertificatesModule {}
