import { Module } from '@nestjs/common';
import { CertificatesModule } from '@app/certificates';
import { CertificatesController, CertificateVerifyController } from './certificates.controller';
import { CertificatesPageController, VerifyPageController } from './certificates.page.controller';

/** Certificates: the API, public verification (API and page), and the certificate pages. */
@Module({
  imports: [CertificatesModule],
  controllers: [CertificateVerifyController, CertificatesController, VerifyPageController, CertificatesPageController],
})
export class CertificatesApiModule {}
