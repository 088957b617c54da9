import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { buffer as readAll } from 'node:stream/consumers';
import {
  AuthoritiesService,
  CertificateAuthorityDto,
  CertificateAuthorityResponse,
  CertificateFiltersDto,
  CertificateListResponse,
  CertificateResponse,
  CertificatesService,
  CertificateZips,
  CertificateZipStatus,
  CourseCertificateDto,
  CourseCertificateResponse,
  ListCertificatesQueryDto,
  ReissueCertificateDto,
  RevokeCertificateDto,
  VerificationResponse,
  VerificationService,
} from '@app/certificates';
import { Actor, PERMISSIONS } from '@app/common';
import { Policy } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePermission, RequirePolicy } from '../http/auth';
import { Public } from '../http/public.decorator';
import { receiveUpload } from '../http/uploads';
import { uuidParam } from '../http/validation';
import { sendCertificatePdf } from './send-certificate-pdf';

/** Public verification (no login), rate-limited per client address. */
@ApiTags('certificates')
@Controller('api/v1/certificates/verify')
@Public()
export class CertificateVerifyController {
  constructor(private readonly verification: VerificationService) {}

  /**
   * The certificate's status (valid / expired / revoked, with the new certificate for a re-issue), the name,
   * course and version, dates and authority. 400 naming `code` for a code that is malformed or mistyped (its check
   * character), 404 for an unknown one, 429 with Retry-After when the address looked up too many.
   */
  @Get(':code')
  verify(@Param('code') code: string, @Req() req: Request): Promise<VerificationResponse> {
    return this.verification.verify(code, req.ip ?? 'unknown');
  }
}

/**
 * Certificates: the caller's own, the organisers' and agencies' list of their subtrees, one certificate and its
 * PDF (its person, or whoever's scope holds the person's unit), revocation and re-issue (administrators and
 * organisers). Another subtree's certificate answers 404.
 */
@ApiTags('certificates')
@ApiBearerAuth()
@Controller('api/v1')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly authorities: AuthoritiesService,
    private readonly zips: CertificateZips,
  ) {}

  /** The certificates of people of the caller's subtrees, newest first, with filters. */
  @Get('certificates')
  @RequirePolicy(Policy.CertificateRead)
  list(@CurrentActor() actor: Actor, @Query() query: ListCertificatesQueryDto): Promise<CertificateListResponse> {
    return this.certificates.list(actor, query);
  }

  /** The same list as CSV (all pages; serial and verification code; no contact details), audited. */
  @Get('certificates.csv')
  @ApiProduces('text/csv')
  @RequirePolicy(Policy.CertificateRead)
  async csv(@CurrentActor() actor: Actor, @Query() query: ListCertificatesQueryDto): Promise<StreamableFile> {
    const stream = await this.certificates.exportCsv(actor, query);
    return new StreamableFile(stream, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="giay-chung-nhan.csv"`,
    });
  }

  /**
   * The PDFs of the list's certificates (same filters; `unitId` defaults to the caller's scope) as one ZIP, made by a
   * job: 202 with the job's id; poll GET certificate-zips/:jobId, then download within 24 hours.
   */
  @Post('certificate-zips')
  @HttpCode(202)
  @RequirePolicy(Policy.CertificateRead)
  requestZip(@CurrentActor() actor: Actor, @Body() query: CertificateFiltersDto): Promise<CertificateZipStatus> {
    return this.zips.request(actor, query);
  }

  @Get('certificate-zips/:jobId')
  @RequirePolicy(Policy.CertificateRead)
  zipStatus(
    @CurrentActor() actor: Actor,
    @Param('jobId', uuidParam('jobId')) jobId: string,
  ): Promise<CertificateZipStatus> {
    return this.zips.status(actor, jobId);
  }

  /** The ZIP (audited as an export); 404 before it is ready and after the link expired. */
  @Get('certificate-zips/:jobId/download')
  @ApiProduces('application/zip')
  @RequirePolicy(Policy.CertificateRead)
  async downloadZip(
    @CurrentActor() actor: Actor,
    @Param('jobId', uuidParam('jobId')) jobId: string,
  ): Promise<StreamableFile> {
    const zip = await this.zips.download(actor, jobId);
    return new StreamableFile(zip.stream, {
      type: 'application/zip',
      disposition: 'attachment; filename="giay-chung-nhan.zip"',
    });
  }

  /** The caller's own certificates. */
  @Get('me/certificates')
  mine(@CurrentActor() actor: Actor): Promise<CertificateResponse[]> {
    return this.certificates.mine(actor);
  }

  @Get('certificates/:id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<CertificateResponse> {
    return this.certificates.get(actor, id);
  }

  /** The PDF (a revoked certificate's too: verification tells the truth). */
  @Get('certificates/:id/pdf')
  pdf(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response): Promise<void> {
    return sendCertificatePdf(this.certificates, actor, id, res);
  }

  /** Revokes (reason required, audited). 409 when already revoked. */
  @Post('certificates/:id/revoke')
  @HttpCode(200)
  @RequirePolicy(Policy.CertificateManage)
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RevokeCertificateDto,
  ): Promise<CertificateResponse> {
    return this.certificates.revoke(actor, id, dto);
  }

  /** A new certificate with the roster's current name, unit and roles; the old one revoked, pointing to it. */
  @Post('certificates/:id/reissue')
  @RequirePolicy(Policy.CertificateManage)
  reissue(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ReissueCertificateDto,
  ): Promise<CertificateResponse> {
    return this.certificates.reissue(actor, id, dto);
  }

  /** A unit's issuing-authority settings (404 when it has none). */
  @Get('units/:unitId/certificate-authority')
  @RequirePolicy(Policy.CertificateRead)
  getAuthority(
    @CurrentActor() actor: Actor,
    @Param('unitId', uuidParam('unitId')) unitId: string,
  ): Promise<CertificateAuthorityResponse> {
    return this.authorities.get(actor, unitId);
  }

  /** Makes the unit an issuing authority, or changes what its certificates print from now on. */
  @Put('units/:unitId/certificate-authority')
  @RequirePolicy(Policy.CertificateManage)
  putAuthority(
    @CurrentActor() actor: Actor,
    @Param('unitId', uuidParam('unitId')) unitId: string,
    @Body() dto: CertificateAuthorityDto,
  ): Promise<CertificateAuthorityResponse> {
    return this.authorities.put(actor, unitId, dto);
  }

  /** The seal/signature image printed on the authority's certificates from now on (multipart `file`, PNG or JPEG, ≤ 2 MB). */
  @Post('units/:unitId/certificate-authority/seal')
  @HttpCode(200)
  @RequirePolicy(Policy.CertificateManage)
  putSeal(
    @CurrentActor() actor: Actor,
    @Param('unitId', uuidParam('unitId')) unitId: string,
    @Req() req: Request,
  ): Promise<CertificateAuthorityResponse> {
    return receiveUpload(req, (file) =>
      this.authorities.putSeal(actor, unitId, file ? () => readAll(file.stream) : null),
    );
  }

  /** Whether and through which authority a course issues certificates, and for how long they are valid. */
  @Get('courses/:courseId/certificate')
  @RequirePolicy(Policy.CourseAuthor)
  getCourse(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
  ): Promise<CourseCertificateResponse> {
    return this.authorities.getCourse(actor, courseId);
  }

  @Put('courses/:courseId/certificate')
  @RequirePolicy(Policy.CourseAuthor)
  putCourse(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
    @Body() dto: CourseCertificateDto,
  ): Promise<CourseCertificateResponse> {
    return this.authorities.putCourse(actor, courseId, dto);
  }
}
