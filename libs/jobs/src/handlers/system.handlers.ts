import { Injectable } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { JobContext, JobHandler, RegisterJobHandler, validatePayloadWith } from '../job-handler';

export class EchoPayload {
  /** Any short marker the caller wants back. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  ref?: string;

  /** Milliseconds to spend "working" (for shutdown tests), reporting progress on the way. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  sleepMs?: number;
}

export interface EchoResult {
  ref: string | null;
  /** The process that ran the job: tells the worker apart from the API. */
  pid: number;
  attempt: number;
}

/** Smoke check: succeeds at once (or after sleepMs) and says which process ran it. */
@RegisterJobHandler()
@Injectable()
export class EchoJobHandler implements JobHandler<EchoPayload, EchoResult> {
  readonly name = 'system.echo';
  readonly validate = validatePayloadWith(EchoPayload);

  async handle(payload: EchoPayload, ctx: JobContext): Promise<EchoResult> {
    const sleepMs = payload.sleepMs ?? 0;
    for (let step = 1; step <= 4 && sleepMs > 0; step++) {
      await new Promise((resolve) => setTimeout(resolve, sleepMs / 4));
      await ctx.reportProgress(step * 25);
    }
    return { ref: payload.ref ?? null, pid: process.pid, attempt: ctx.attempt };
  }
}

export class FailTimesPayload {
  /** Attempts to fail before succeeding. */
  @IsInt()
  @Min(0)
  @Max(100)
  n!: number;
}

/** Retry check: attempts 1..n throw, attempt n+1 succeeds. */
@RegisterJobHandler()
@Injectable()
export class FailTimesJobHandler implements JobHandler<FailTimesPayload, { pid: number; attempt: number }> {
  readonly name = 'system.fail-times';
  readonly validate = validatePayloadWith(FailTimesPayload);

  handle(payload: FailTimesPayload, ctx: JobContext): { pid: number; attempt: number } {
    if (ctx.attempt <= payload.n) throw new Error(`planned failure ${ctx.attempt} of ${payload.n}`);
    return { pid: process.pid, attempt: ctx.attempt };
  }
}

export const SYSTEM_JOB_HANDLERS = [EchoJobHandler, FailTimesJobHandler];
