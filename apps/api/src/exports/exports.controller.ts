import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, PERMISSIONS } from '@app/common';
import {
  CreateExportJobDto,
  ExportFile,
  ExportJobResponse,
  ExportJobsService,
  ExportQueryDto,
  ExportsService,
  RosterExportQueryDto,
  RosterExportService,
} from '@app/exports';
import { Policy } from '@app/org';
import { downloadHeaders } from '@app/storage';
import { ApiOrSessionGuard, CurrentActor, PermissionGuard, RequirePermission, RequirePolicy } from '../http/auth';
import { uuidParam } from '../http/validation';
import { langOf } from '../web/page-helpers';

/** Exports are always attachments (storage's download headers: an ASCII fallback and the UTF-8 name). */
const attachment = (contentType: string, fileName: string): string =>
  downloadHeaders({ contentType }, fileName)['Content-Disposition'];

const fileOf = (f: ExportFile): StreamableFile =>
  new StreamableFile(f.stream, { type: f.contentType, disposition: attachment(f.contentType, f.fileName) });

/**
 * Exports, with the Bearer token or the page session: the lists of a subtree as CSV or XLSX (streamed, audited),
 * the roster in its import format, and background exports (ask, poll, download once).
 */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/v1')
@UseGuards(ApiOrSessionGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class ExportsController {
  constructor(
    private readonly exportsService: ExportsService,
    private readonly jobs: ExportJobsService,
    private readonly roster: RosterExportService,
  ) {}

  /**
   * A list of a subtree: kinds people, certificates, exam-results; formats csv (UTF-8 with BOM, any size, streamed)
   * and xlsx (up to 200,000 rows, else 422 pointing to the CSV). 400 for an unknown kind, format or filter, 403
   * outside your subtree; e-mail and phone only with includeContact=true and a purpose.
   */
  @Get('exports/:file')
  @ApiParam({ name: 'file', example: 'people.csv', description: '{kind}.{format}' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'], description: 'headers and words (default vi)' })
  @RequirePolicy(Policy.RosterRead)
  async list(
    @CurrentActor() actor: Actor,
    @Param('file') file: string,
    @Query() query: ExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const dot = file.lastIndexOf('.');
    const [kind, format] = dot < 0 ? [file, ''] : [file.slice(0, dot), file.slice(dot + 1)];
    // ?lang= is taken by the language middleware (web/i18n) before the query DTO sees it.
    const lang = langOf(res);
    return fileOf(await this.exportsService.download(actor, kind, format, { ...query, lang }));
  }

  /** The roster of a subtree in the import format (a round trip changes nothing). Contact details need a purpose. */
  @Get('roster/export.csv')
  @ApiProduces('text/csv')
  @RequirePolicy(Policy.RosterWrite)
  async rosterCsv(@CurrentActor() actor: Actor, @Query() query: RosterExportQueryDto): Promise<StreamableFile> {
    const stream = await this.roster.exportCsv(actor, query);
    return new StreamableFile(stream, {
      type: 'text/csv; charset=utf-8',
      disposition: attachment('text/csv', 'danh-sach-can-bo.csv'),
    });
  }

  /** A background export: 202 with its id; poll GET export-jobs/{id}. Checked as the streamed export is. */
  @Post('export-jobs')
  @HttpCode(202)
  @RequirePolicy(Policy.RosterRead)
  request(@CurrentActor() actor: Actor, @Body() dto: CreateExportJobDto): Promise<ExportJobResponse> {
    return this.jobs.request(actor, dto);
  }

  /** Your background exports, newest first. */
  @Get('export-jobs')
  @RequirePolicy(Policy.RosterRead)
  mine(@CurrentActor() actor: Actor): Promise<ExportJobResponse[]> {
    return this.jobs.mine(actor);
  }

  /** Status and progress; once ready, the download link (works once, 15 minutes from when it is first shown). */
  @Get('export-jobs/:id')
  @RequirePolicy(Policy.RosterRead)
  status(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<ExportJobResponse> {
    return this.jobs.status(actor, id);
  }

  /** The file, once (410 when the link expired or was used). */
  @Get('export-jobs/:id/download')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @RequirePolicy(Policy.RosterRead)
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query('token') token: unknown,
  ): Promise<StreamableFile> {
    return fileOf(await this.jobs.download(actor, id, typeof token === 'string' ? token : ''));
  }
}
