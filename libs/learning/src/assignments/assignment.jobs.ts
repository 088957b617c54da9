import { Injectable, OnModuleInit } from '@nestjs/common';
import { IsUUID } from 'class-validator';
import { JobContext, JobHandler, RegisterJobHandler, validatePayloadWith } from '@app/jobs';
import { RosterHooks } from '@app/org';
import { AssignmentEnrolment } from './assignment-enrolment';
import { ASSIGNMENT_ENROL_JOB, AssignmentSyncResult, ASSIGNMENTS_SYNC_JOB } from './dto/assignment.dto';

export class AssignmentEnrolPayload {
  @IsUUID()
  assignmentId!: string;
}

/** Enrols everyone an assignment matches (idempotent: a second run finds nobody new). */
@RegisterJobHandler()
@Injectable()
export class AssignmentEnrolJob implements JobHandler<AssignmentEnrolPayload, AssignmentSyncResult> {
  readonly name = ASSIGNMENT_ENROL_JOB;
  readonly validate = validatePayloadWith(AssignmentEnrolPayload);

  constructor(private readonly enrolment: AssignmentEnrolment) {}

  handle(payload: AssignmentEnrolPayload, ctx: JobContext): Promise<AssignmentSyncResult> {
    return this.enrolment.syncAssignment(payload.assignmentId, (p) => ctx.reportProgress(p));
  }
}

export type AssignmentsSyncPayload = Record<string, never>;

/** The safety net: every active assignment matched again, due dates and member counts reconciled. */
@RegisterJobHandler()
@Injectable()
export class AssignmentsSyncJob implements JobHandler<AssignmentsSyncPayload, { assignments: number; added: number }> {
  readonly name = ASSIGNMENTS_SYNC_JOB;
  readonly maxAttempts = 2;
  validate(payload: unknown): string | undefined {
    const empty = payload !== null && typeof payload === 'object' && Object.keys(payload).length === 0;
    return empty ? undefined : 'payload must be an empty object';
  }

  constructor(private readonly enrolment: AssignmentEnrolment) {}

  handle(_payload: AssignmentsSyncPayload, ctx: JobContext): Promise<{ assignments: number; added: number }> {
    return this.enrolment.syncAll((p) => ctx.reportProgress(p));
  }
}

/** People who join an assigned subtree, gain an assigned role or come back on the roster are enrolled at once. */
@Injectable()
export class AssignmentRosterListener implements OnModuleInit {
  constructor(
    private readonly hooks: RosterHooks,
    private readonly enrolment: AssignmentEnrolment,
  ) {}

  onModuleInit(): void {
    this.hooks.register(async (personIds, manager) => {
      await this.enrolment.enrolPeople(personIds, manager);
    });
  }
}
