import { Controller, Get, Param, Post, Render, Req, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, DomainError } from '@app/common';
import {
  DownloadFile,
  ImportBatchResponse,
  Policy,
  ROSTER_COLUMN_BY_KEY,
  RosterImportService,
  RosterReferenceService,
} from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../http/auth';
import { receiveUpload } from '../http/uploads';
import { uuidParam } from '../http/validation';
import { langOf } from '../web/page-helpers';
import './roster-import.messages';

const MODES = ['dry_run', 'commit'] as const;

/** /roster-import: upload → row-by-row report → confirm (imports the same stored file for real). */
@ApiExcludeController()
@Controller('roster-import')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.RosterWrite)
export class RosterImportPageController {
  constructor(
    private readonly imports: RosterImportService,
    private readonly reference: RosterReferenceService,
  ) {}

  @Get()
  @Render('org/roster-import')
  async form(@CurrentActor() actor: Actor): Promise<Record<string, unknown>> {
    return { title: 'Nhập danh sách', mode: 'dry_run', roles: await this.reference.roles(actor) };
  }

  // The downloads beside the form; declared before :id, which they would otherwise match.

  /** The template: Vietnamese headers and one example row (CSV with a BOM for Excel, or XLSX). */
  @Get('template.csv')
  async templateCsv(@CurrentActor() actor: Actor): Promise<StreamableFile> {
    return download(await this.reference.template(actor, 'csv'));
  }

  @Get('template.xlsx')
  async templateXlsx(@CurrentActor() actor: Actor): Promise<StreamableFile> {
    return download(await this.reference.template(actor, 'xlsx'));
  }

  /** The codes of the units of the caller's subtrees (code, name, place). */
  @Get('units.csv')
  async units(@CurrentActor() actor: Actor): Promise<StreamableFile> {
    return download(await this.reference.unitList(actor));
  }

  /** The active roles (code, Vietnamese name, English name). */
  @Get('roles.csv')
  async roles(@CurrentActor() actor: Actor): Promise<StreamableFile> {
    return download(await this.reference.roleList(actor));
  }

  @Post()
  async upload(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const body = req.body as Record<string, unknown>;
    const mode = MODES.find((m) => m === body.mode) ?? 'dry_run';
    try {
      const batch = await receiveUpload(req, (file) => this.imports.upload(actor, file, { mode }));
      res.redirect(303, `/roster-import/${batch.id}`);
    } catch (e) {
      // A refused file (size, kind, encoding, header) is shown on the form; anything else goes to the error filter.
      if (!(e instanceof DomainError) || e.status >= 500) throw e;
      const vi = (e.details as { messageVi?: string } | undefined)?.messageVi;
      res.status(e.status).render('org/roster-import', {
        title: 'Nhập danh sách',
        mode,
        roles: await this.reference.roles(actor),
        problem: langOf(res) === 'vi' && vi ? vi : e.message,
      });
    }
  }

  @Get(':id')
  @Render('org/roster-import-report')
  async report(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<Record<string, unknown>> {
    const batch = await this.imports.get(actor, id);
    return { title: 'Kết quả nhập danh sách', ...reportModel(batch) };
  }

  @Post(':id/commit')
  async commit(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const batch = await this.imports.commitDryRun(actor, id);
    res.redirect(303, `/roster-import/${batch.id}`);
  }

  @Get(':id/errors.csv')
  async errors(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { stream, fileName } = await this.imports.errorsFile(actor, id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`);
    return new StreamableFile(stream);
  }
}

function reportModel(b: ImportBatchResponse): Record<string, unknown> {
  const finished = b.status === 'done' || b.status === 'failed';
  return {
    batch: b,
    running: !finished,
    isDryRun: b.mode === 'dry_run',
    canConfirm: b.mode === 'dry_run' && b.status === 'done' && b.counts.valid > 0,
    hasProblems: b.problems.length > 0,
    // Columns as the file's header names them (`column`); the key's Vietnamese header for reports without it.
    problems: b.problems.slice(0, 200).map((p) => ({
      ...p,
      column: p.column ?? (p.field ? ROSTER_COLUMN_BY_KEY[p.field].headerVi : ''),
    })),
    moreProblems: Math.max(0, b.problemCount - 200),
  };
}

/** A download: an attachment with its own name (ASCII: these names are) and content type. */
function download(f: DownloadFile): StreamableFile {
  const options = { type: f.contentType, disposition: `attachment; filename="${f.fileName}"` };
  return Buffer.isBuffer(f.body) ? new StreamableFile(f.body, options) : new StreamableFile(f.body, options);
}
