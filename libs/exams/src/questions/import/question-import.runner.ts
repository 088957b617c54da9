import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { Clock, DomainError, FORMULA_START } from '@app/common';
import { JobContext, PermanentJobError } from '@app/jobs';
import { StorageService } from '@app/storage';
import type { QuestionFileImport } from '../formats';
import { changedKeys, storedContent } from '../question-content';
import { QuestionRepository } from '../question.repository';
import { categoryTopic, readQuestionFile, withCategoryTopic } from './question-file';
import { QuestionImportBatchRow, QuestionImportRepository } from './question-import.repository';
import {
  MAX_REPORT_ENTRIES,
  QuestionImportCounts,
  QuestionReportEntry,
  QuestionReportNote,
} from './question-import.types';

/** Where an import's files live in the storage. */
export const questionImportDir = (batchId: string): string => `question-imports/${batchId}`;

const unmapped = (category: string): QuestionReportNote => ({
  code: 'category_without_topic',
  reason: `the category "${category}" names no topic of the catalogue; imported without a topic from it`,
  reasonVi: `danh mục "${category}" không ứng với chủ đề nào trong danh mục chủ đề; câu hỏi được nhập không kèm chủ đề này`,
});

/**
 * The work of the `questions.import` job: reads the stored file again, compares each valid question with the course's
 * bank by name (ignoring case) and, for a commit, writes them in ONE transaction: a new name → a new question, the
 * same content → skipped, other content → a new version (past papers keep theirs). A dry run does the same
 * comparison and writes only the report. Re-importing a file therefore creates nothing twice.
 */
@Injectable()
export class QuestionImportRunner {
  private readonly logger = new Logger(QuestionImportRunner.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly batches: QuestionImportRepository,
    private readonly questions: QuestionRepository,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async run(batchId: string, ctx: JobContext): Promise<QuestionImportCounts> {
    const batch = await this.batches.find(batchId);
    if (!batch) throw new PermanentJobError(`question import ${batchId} is gone`);
    if (batch.status === 'done') return batch.counts; // an earlier attempt committed: nothing to do again
    await this.batches.markRunning(batchId);
    try {
      const { stream } = await this.storage.getStream(batch.fileKey);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      const file = await readQuestionFile(Buffer.concat(chunks), batch.format);
      await ctx.reportProgress(30);
      const counts = await this.db.transaction((m) => this.importFile(m, batch, file));
      this.logger.log({ batchId, mode: batch.mode, ...counts }, 'question import done');
      return counts;
    } catch (e) {
      if (e instanceof DomainError) {
        // The file itself is unusable: retrying cannot help.
        await this.batches.fail(batchId, e.message, e.details, this.clock.now());
        throw new PermanentJobError(e.message);
      }
      if (ctx.attempt >= ctx.maxAttempts) {
        await this.batches.fail(batchId, 'the import failed; nothing was written', null, this.clock.now());
      }
      throw e;
    }
  }

  private async importFile(
    m: EntityManager,
    batch: QuestionImportBatchRow,
    file: QuestionFileImport,
  ): Promise<QuestionImportCounts> {
    const now = this.clock.now();
    const commit = batch.mode === 'commit';
    const names = file.questions.flatMap((q) => (q.ok ? [q.question.name] : []));
    const bank = await this.batches.bankByName(m, batch.courseId, names);
    const counts: QuestionImportCounts = {
      questions: file.questions.length,
      created: 0,
      newVersions: 0,
      unchanged: 0,
      notImported: 0,
      unmappedCategories: 0,
    };
    const report: QuestionReportEntry[] = [];
    for (const item of file.questions) {
      if (!item.ok) {
        counts.notImported++;
        const problem = { code: item.code, reason: item.reason, reasonVi: item.reasonVi };
        report.push({ line: item.line, name: item.name, outcome: 'not_imported', problem });
        continue;
      }
      const content = storedContent({
        ...item.question,
        topics: withCategoryTopic(item.question.topics, item.category),
      });
      const notes = item.category !== null && categoryTopic(item.category) === null ? [unmapped(item.category)] : [];
      if (notes.length > 0) counts.unmappedCategories++;
      const existing = bank.get(content.name.toLowerCase());
      const entry = (outcome: QuestionReportEntry['outcome']): QuestionReportEntry => ({
        line: item.line,
        name: content.name,
        outcome,
        ...(notes.length > 0 ? { notes } : {}),
      });
      if (!existing) {
        counts.created++;
        report.push(entry('new'));
        if (commit) {
          const id = await this.questions.insertQuestion(m, {
            courseId: batch.courseId,
            name: content.name,
            shared: false,
            createdBy: batch.uploadedBy,
            now,
          });
          await this.questions.insertVersion(m, id, content, batch.uploadedBy, now);
        }
      } else if (changedKeys(content, existing.content).length === 0) {
        counts.unchanged++;
        report.push(entry('unchanged'));
      } else {
        counts.newVersions++;
        report.push(entry('new_version'));
        if (commit) {
          await this.questions.insertVersion(
            m,
            existing.id,
            { ...content, name: existing.name },
            batch.uploadedBy,
            now,
          );
          await this.questions.updateQuestion(m, existing.id, {}, now);
        }
      }
    }
    const errorsKey = await this.writeErrorsFile(batch, report);
    if (commit) {
      await this.audit.record(
        {
          action: 'question.import',
          entity: 'course',
          entityId: batch.courseId,
          details: { batchId: batch.id, format: batch.format, fileName: batch.fileName, ...counts },
        },
        { actor: { accountId: batch.uploadedBy, grants: [], via: 'api' } },
        m,
      );
    }
    const notices = file.categories.map((category) => ({ category, topic: categoryTopic(category) }));
    await this.batches.finish(
      m,
      batch.id,
      { counts, report: report.slice(0, MAX_REPORT_ENTRIES), reportCount: report.length, notices, errorsKey },
      now,
    );
    return counts;
  }

  /** The questions not imported, and those imported with a remark: CSV UTF-8 with BOM, formulas neutralised. */
  private async writeErrorsFile(batch: QuestionImportBatchRow, report: QuestionReportEntry[]): Promise<string | null> {
    const rows = report.filter((e) => e.outcome === 'not_imported' || e.notes);
    if (rows.length === 0) return null;
    const cell = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);
    const csv = stringify(
      [
        ['Dòng / Line', 'Tên câu hỏi / Name', 'Kết quả / Outcome', 'Mã / Code', 'Lý do / Reason'],
        ...rows.flatMap((e) =>
          (e.problem ? [e.problem] : (e.notes ?? [])).map((p) => [
            e.line === null ? '' : String(e.line),
            cell(e.name ?? ''),
            e.outcome === 'not_imported' ? 'Không nhập / not imported' : 'Đã nhập, có lưu ý / imported with a note',
            p.code,
            cell(`${p.reasonVi} (${p.reason})`),
          ]),
        ),
      ],
      { bom: true, record_delimiter: 'windows' },
    );
    const key = `${questionImportDir(batch.id)}/errors.csv`;
    await this.storage.put(key, Buffer.from(csv, 'utf8'), {
      contentType: 'text/csv; charset=utf-8',
      maxBytes: 64 * 1024 * 1024,
    });
    return key;
  }
}
