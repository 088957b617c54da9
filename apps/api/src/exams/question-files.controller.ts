import { Controller, Get, HttpCode, Param, Post, Query, Req, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { buffer as readAll } from 'node:stream/consumers';
import { Actor } from '@app/common';
import {
  QuestionExportService,
  QuestionFileDownload,
  QuestionFileFormat,
  QuestionImportQueryDto,
  QuestionImportResponse,
  QuestionImportService,
} from '@app/exams';
import { Policy } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../http/auth';
import { receiveUpload } from '../http/uploads';
import { uuidParam } from '../http/validation';

/**
 * Question files of a course's bank: import (Moodle XML, GIFT, CSV, XLSX; dry run or commit, as a job with a
 * question-by-question report) and export in the same formats, for whoever authors the course (another subtree's
 * course or import answers 404, as the bank does).
 */
@ApiTags('exams: question files')
@ApiBearerAuth()
@Controller('api/v1')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePolicy(Policy.CourseAuthor)
export class QuestionFilesController {
  constructor(
    private readonly imports: QuestionImportService,
    private readonly exports: QuestionExportService,
  ) {}

  /** Upload a question file (multipart field `file`, ≤ 20 MB): 202 with the batch; poll GET /question-imports/{id}. 400 with the line. */
  @Post('courses/:courseId/question-imports')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  upload(
    @CurrentActor() actor: Actor,
    @Param('courseId', uuidParam('courseId')) courseId: string,
    @Req() req: Request,
    @Query() query: QuestionImportQueryDto,
  ): Promise<QuestionImportResponse> {
    // The streamed upload mechanism (UploadsModule: 20 MB): read after the course check, in memory (parsed whole).
    return receiveUpload(req, (file) =>
      this.imports.upload(
        actor,
        courseId,
        file && { originalname: file.originalName, read: () => readAll(file.stream) },
        query,
      ),
    );
  }

  /** Status, counts and the question-by-question report. */
  @Get('question-imports/:id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<QuestionImportResponse> {
    return this.imports.get(actor, id);
  }

  /** The questions not imported (and those imported with a remark), with the reasons: CSV UTF-8. */
  @Get('question-imports/:id/errors.csv')
  @ApiProduces('text/csv')
  async errors(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<StreamableFile> {
    const { stream, fileName } = await this.imports.errorsFile(actor, id);
    return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: attachment(fileName) });
  }

  @Get('courses/:courseId/questions.xml')
  @ApiProduces('application/xml')
  exportXml(@CurrentActor() actor: Actor, @Param('courseId', uuidParam('courseId')) courseId: string) {
    return this.export(actor, courseId, 'xml');
  }

  @Get('courses/:courseId/questions.gift')
  @ApiProduces('text/plain')
  exportGift(@CurrentActor() actor: Actor, @Param('courseId', uuidParam('courseId')) courseId: string) {
    return this.export(actor, courseId, 'gift');
  }

  @Get('courses/:courseId/questions.csv')
  @ApiProduces('text/csv')
  exportCsv(@CurrentActor() actor: Actor, @Param('courseId', uuidParam('courseId')) courseId: string) {
    return this.export(actor, courseId, 'csv');
  }

  @Get('courses/:courseId/questions.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  exportXlsx(@CurrentActor() actor: Actor, @Param('courseId', uuidParam('courseId')) courseId: string) {
    return this.export(actor, courseId, 'xlsx');
  }

  /** The CSV template with the documented Vietnamese headers and an example of each question type. */
  @Get('question-template.csv')
  @ApiProduces('text/csv')
  async templateCsv(): Promise<StreamableFile> {
    return download(await this.exports.template('csv'));
  }

  @Get('question-template.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async templateXlsx(): Promise<StreamableFile> {
    return download(await this.exports.template('xlsx'));
  }

  private async export(actor: Actor, courseId: string, format: QuestionFileFormat): Promise<StreamableFile> {
    return download(await this.exports.exportBank(actor, courseId, format));
  }
}

const download = (file: QuestionFileDownload): StreamableFile =>
  new StreamableFile(file.body, { type: file.contentType, disposition: attachment(file.fileName) });

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266). */
const attachment = (name: string): string =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
