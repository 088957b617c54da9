import { Injectable } from '@nestjs/common';
import { IsUUID } from 'class-validator';
import { JobContext, JobHandler, RegisterJobHandler, validatePayloadWith } from '@app/jobs';
import { QuestionImportRunner } from './question-import.runner';
import { QUESTION_IMPORT_JOB, QuestionImportCounts } from './question-import.types';

export class QuestionImportPayload {
  @IsUUID()
  batchId!: string;
}

/** Runs one question import batch (idempotent: a committed batch is not imported again). */
@RegisterJobHandler()
@Injectable()
export class QuestionImportJob implements JobHandler<QuestionImportPayload, QuestionImportCounts> {
  readonly name = QUESTION_IMPORT_JOB;
  readonly validate = validatePayloadWith(QuestionImportPayload);

  constructor(private readonly runner: QuestionImportRunner) {}

  handle(payload: QuestionImportPayload, ctx: JobContext): Promise<QuestionImportCounts> {
    return this.runner.run(payload.batchId, ctx);
  }
}
