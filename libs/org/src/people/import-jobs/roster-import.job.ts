import { Injectable } from '@nestjs/common';
import { IsUUID } from 'class-validator';
import { JobContext, JobHandler, RegisterJobHandler, validatePayloadWith } from '@app/jobs';
import { RosterImportRunner } from './roster-import.runner';
import { ImportCounts, ROSTER_IMPORT_JOB } from './roster-import.types';

export class RosterImportPayload {
  @IsUUID()
  batchId!: string;
}

/** Runs one roster import batch (idempotent: a committed batch is not imported again). */
@RegisterJobHandler()
@Injectable()
export class RosterImportJob implements JobHandler<RosterImportPayload, ImportCounts> {
  readonly name = ROSTER_IMPORT_JOB;
  readonly validate = validatePayloadWith(RosterImportPayload);

  constructor(private readonly runner: RosterImportRunner) {}

  handle(payload: RosterImportPayload, ctx: JobContext): Promise<ImportCounts> {
    return this.runner.run(payload.batchId, ctx);
  }
}
