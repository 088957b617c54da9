import { Injectable } from '@nestjs/common';
import { IsUUID } from 'class-validator';
import { JobContext, JobHandler, RegisterJobHandler, validatePayloadWith } from '@app/jobs';
import { RestructureReport } from './restructure.engine';
import { RESTRUCTURE_PLAN_JOB, RestructurePlansService } from './restructure-plans.service';

export class RestructurePlanPayload {
  @IsUUID()
  planId!: string;
}

/** Applies one committed restructuring plan (idempotent: a done plan is not applied again). */
@RegisterJobHandler()
@Injectable()
export class RestructurePlanJob implements JobHandler<RestructurePlanPayload, RestructureReport> {
  readonly name = RESTRUCTURE_PLAN_JOB;
  readonly validate = validatePayloadWith(RestructurePlanPayload);

  constructor(private readonly plans: RestructurePlansService) {}

  handle(payload: RestructurePlanPayload, ctx: JobContext): Promise<RestructureReport> {
    return this.plans.run(payload.planId, ctx);
  }
}
