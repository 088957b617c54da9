import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { stream as excelStream } from 'exceljs';
import { PassThrough } from 'node:stream';
import { ExportAuditService } from '@app/audit';
import { Actor } from '@app/common';
import { CourseAccess } from '@app/learning';
import { ExportedQuestion, questionTemplateRows, toGift, toMoodleXml, toQuestionRows } from '../formats';
import { exportCategory, QuestionFileFormat } from './question-file';
import { QuestionImportRepository } from './question-import.repository';

export interface QuestionFileDownload {
  body: Buffer;
  contentType: string;
  fileName: string;
}

const CONTENT_TYPE: Record<QuestionFileFormat, string> = {
  xml: 'application/xml; charset=utf-8',
  gift: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A course's bank as a file in each import format, so that it goes back to Moodle (XML, GIFT) or to a spreadsheet
 * (CSV UTF-8 with BOM, XLSX with a header row; formulas neutralised with a leading '), and importing it again gives the
 * same bank. Each question's category is its first topic's label (read back as that topic). For whoever authors the
 * course (404 otherwise); audited, then sent (ExportAuditService).
 */
@Injectable()
export class QuestionExportService {
  constructor(
    private readonly repo: QuestionImportRepository,
    private readonly courses: CourseAccess,
    private readonly exportAudit: ExportAuditService,
  ) {}

  async exportBank(actor: Actor, courseId: string, format: QuestionFileFormat): Promise<QuestionFileDownload> {
    const course = await this.courses.authorCourse(actor, courseId);
    const rows = await this.exportAudit.auditThenStream(
      {
        action: 'questions.export',
        scopeUnitId: course.ownerUnitId,
        filters: { courseId, format },
        columns: ['name', 'type', 'stem', 'options', 'shortAnswer', 'topics', 'difficulty', 'explanation'],
        includeContact: false,
      },
      { actor },
      () => this.repo.bank(courseId),
    );
    const questions: ExportedQuestion[] = [];
    for await (const question of rows) questions.push({ question, category: exportCategory(question.topics) });
    const body = await questionFile(questions, format);
    return {
      body,
      contentType: CONTENT_TYPE[format],
      fileName: `ngan-hang-cau-hoi-${course.code}.${format === 'gift' ? 'gift.txt' : format}`,
    };
  }

  /** The CSV/XLSX template: the documented Vietnamese header and one example row per question type. */
  async template(format: 'csv' | 'xlsx'): Promise<QuestionFileDownload> {
    const rows = questionTemplateRows();
    const body = format === 'csv' ? csvFile(rows) : await xlsxFile(rows);
    return { body, contentType: CONTENT_TYPE[format], fileName: `mau-nhap-cau-hoi.${format}` };
  }
}

async function questionFile(questions: ExportedQuestion[], format: QuestionFileFormat): Promise<Buffer> {
  switch (format) {
    case 'xml':
      return Buffer.from(toMoodleXml(questions), 'utf8');
    case 'gift':
      return Buffer.from(toGift(questions), 'utf8');
    case 'csv':
      return csvFile(toQuestionRows(questions));
    case 'xlsx':
      return xlsxFile(toQuestionRows(questions));
  }
}

/** UTF-8 with BOM (Excel reads Vietnamese right), comma, CRLF; cells already neutralised by toQuestionRows. */
const csvFile = (rows: string[][]): Buffer =>
  Buffer.from(stringify(rows, { bom: true, record_delimiter: 'windows' }), 'utf8');

/** One sheet "Câu hỏi": the header row (bold, frozen) and a row per question, every cell as text. */
async function xlsxFile(rows: string[][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const workbook = new excelStream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  const sheet = workbook.addWorksheet('Câu hỏi', { views: [{ state: 'frozen', ySplit: 1 }] });
  rows.forEach((cells, i) => {
    const row = sheet.addRow(cells);
    if (i === 0) row.font = { bold: true };
    row.commit();
  });
  sheet.commit();
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}
