import { Controller, Get, HttpCode, Param, Post, Query, Req, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor } from '@app/common';
import { ImportBatchResponse, Policy, RosterImportService, UploadRosterQueryDto } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../http/auth';
import { receiveUpload } from '../http/uploads';
import { uuidParam } from '../http/validation';

const CSV = 'text/csv; charset=utf-8';

@ApiTags('roster import')
@ApiBearerAuth()
@Controller('api/v1')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePolicy(Policy.RosterWrite)
export class RosterImportController {
  constructor(private readonly imports: RosterImportService) {}

  /**
   * Upload a roster (CSV UTF-8 or XLSX, ≤ 20 MB, streamed to storage: http/uploads): 202 with the batch; poll
   * GET /roster-imports/{id}.
   */
  @Post('roster-imports')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  upload(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Query() query: UploadRosterQueryDto,
  ): Promise<ImportBatchResponse> {
    return receiveUpload(req, (file) => this.imports.upload(actor, file, query));
  }

  /** Status, counts, the first 1,000 problems and the job's progress. */
  @Get('roster-imports/:id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<ImportBatchResponse> {
    return this.imports.get(actor, id);
  }

  /** The invalid rows as uploaded, with a "Lỗi / Errors" column: fix them and upload the file again. */
  @Get('roster-imports/:id/errors.csv')
  @ApiProduces('text/csv')
  async errors(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<StreamableFile> {
    const { stream, fileName } = await this.imports.errorsFile(actor, id);
    return new StreamableFile(stream, { type: CSV, disposition: attachment(fileName) });
  }
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266). */
const attachment = (name: string): string =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
