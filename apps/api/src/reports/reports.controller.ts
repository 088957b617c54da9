import { Body, Controller, Get, HttpCode, Param, Post, Put, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '@app/common';
import {
  CreateReportDto,
  ReportDetailResponse,
  ReportFile,
  ReportListItem,
  ReportReceiverResponse,
  ReportResponse,
  ReportsService,
  ReturnReportDto,
  SetReportReceiverDto,
} from '@app/exports';
import { Policy } from '@app/org';
import { downloadHeaders } from '@app/storage';
import { ApiOrSessionGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../http/auth';
import { uuidParam } from '../http/validation';

/** A report's file as an attachment, with its SHA-256 (the frozen file's, as stored) in a header. */
export function reportFileOf(f: ReportFile, res: Response): StreamableFile {
  res.setHeader('X-Content-SHA256', f.sha256);
  res.setHeader('Cache-Control', 'private, no-store');
  return new StreamableFile(f.stream, {
    type: f.contentType,
    disposition: downloadHeaders({ contentType: f.contentType }, f.fileName)['Content-Disposition'],
  });
}

/**
 * Statutory reports, with the Bearer token or the page session: drafts of a unit's subtree for a period, their
 * figures and files, and the workflow draft → submitted (frozen) → accepted or returned with a comment.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
@UseGuards(ApiOrSessionGuard, PermissionGuard)
@RequirePolicy(Policy.RosterRead)
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** A new draft for a unit of your subtree (400 naming the field for a bad kind or period). */
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateReportDto): Promise<ReportResponse> {
    return this.reports.create(actor, dto);
  }

  /** Your units' reports and those received by units of your subtree, newest first. */
  @Get()
  list(@CurrentActor() actor: Actor): Promise<ReportListItem[]> {
    return this.reports.list(actor);
  }

  /** Where a unit's reports go (the parent unless an admin set another). */
  @Get('receivers/:unitId')
  receiver(
    @CurrentActor() actor: Actor,
    @Param('unitId', uuidParam('unitId')) unitId: string,
  ): Promise<ReportReceiverResponse> {
    return this.reports.receiver(actor, unitId);
  }

  /** Sets where a unit's reports go (null: its parent again). Administrators over the unit. */
  @Put('receivers/:unitId')
  setReceiver(
    @CurrentActor() actor: Actor,
    @Param('unitId', uuidParam('unitId')) unitId: string,
    @Body() dto: SetReportReceiverDto,
  ): Promise<ReportReceiverResponse> {
    return this.reports.setReceiver(actor, unitId, dto.receiverUnitId);
  }

  /** A report with its figures: frozen once submitted, computed now for a draft. */
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<ReportDetailResponse> {
    return this.reports.get(actor, id);
  }

  /** The XLSX or PDF: once submitted, the stored file byte for byte (X-Content-SHA256); a draft's is a preview. */
  @Get(':id/files/:format')
  @ApiParam({ name: 'format', enum: ['xlsx', 'pdf'] })
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async file(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('format') format: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return reportFileOf(await this.reports.file(actor, id, format), res);
  }

  /** Freezes the report and sends it to the receiving unit (409 when submitted already). */
  @Post(':id/submit')
  @HttpCode(200)
  submit(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<ReportDetailResponse> {
    return this.reports.submit(actor, id);
  }

  /** The receiving unit accepts the report (403 outside its subtree, 409 unless waiting for a decision). */
  @Post(':id/accept')
  @HttpCode(200)
  accept(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<ReportDetailResponse> {
    return this.reports.accept(actor, id);
  }

  /** The receiving unit returns the report with a comment; the unit may submit it again. */
  @Post(':id/return')
  @HttpCode(200)
  returnReport(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ReturnReportDto,
  ): Promise<ReportDetailResponse> {
    return this.reports.return(actor, id, dto.comment);
  }
}
