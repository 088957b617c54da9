import { ModuleRef } from '@nestjs/core';
import { AppConfig } from '@app/common';
import { JOBS_MODULE_OPTIONS, ResolvedJobsOptions } from '@app/jobs';

/**
 * Whether periodic tasks (the outbox sweep, the daily reminders) run in this process: in the API when jobs run
 * in-process (no REDIS_URL), and with Redis only in the worker (apps/worker passes the jobs option
 * `runsSchedules`; the API does not). One process type ticks; the business key of
 * what it dispatches makes a second ticker harmless anyway.
 */
export function schedulesRunHere(config: AppConfig, moduleRef: ModuleRef): boolean {
  if (!config.redisUrl) return true;
  const options = moduleRef.get<symbol, ResolvedJobsOptions>(JOBS_MODULE_OPTIONS, { strict: false });
  return options.runsSchedules;
}
