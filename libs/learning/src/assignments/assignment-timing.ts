import type { INestApplicationContext } from '@nestjs/common';
import { Actor } from '@app/common';
import { JobResponse, JobsQueryService, JobStatus } from '@app/jobs';
import { AssignmentsService, assignmentJobKey } from './assignments.service';
import { AssignmentResponse, CreateAssignmentDto } from './dto/assignment.dto';

export interface TimedAssignment {
  assignment: AssignmentResponse;
  /** The enrol job as it finished (status 'succeeded'; result: AssignmentSyncResult). */
  job: JobResponse;
  /** POST-equivalent: checks, the assignment row and the job dispatch (one transaction). */
  createMs: number;
  /** From the dispatch to the job's end (queue wait included). */
  enrolMs: number;
  totalMs: number;
}

/**
 * "Assign a course to N people", timed end to end through the real service and job path: creates the
 * assignment as `actor` (e.g. an admin over the country) and waits until the `learning.assignment.enrol` job has
 * finished (in-process or on a worker, whichever runs the jobs). For benchmarks and smoke checks.
 */
export async function timeAssignment(
  app: INestApplicationContext,
  actor: Actor,
  dto: CreateAssignmentDto,
  opts: { pollMs?: number; timeoutMs?: number } = {},
): Promise<TimedAssignment> {
  const service = app.get(AssignmentsService);
  const jobs = app.get(JobsQueryService);
  const t0 = performance.now();
  const created = await service.create(actor, dto);
  const t1 = performance.now();
  const deadline = t1 + (opts.timeoutMs ?? 600_000);
  let job = await jobs.getByBusinessKey(assignmentJobKey(created.id));
  while (job.status !== JobStatus.Succeeded && job.status !== JobStatus.Failed) {
    if (performance.now() > deadline) throw new Error(`enrol job of assignment ${created.id} did not finish in time`);
    await new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 50));
    job = await jobs.getByBusinessKey(assignmentJobKey(created.id));
  }
  const t2 = performance.now();
  if (job.status === JobStatus.Failed) throw new Error(`enrol job failed: ${job.lastError ?? 'unknown error'}`);
  return {
    assignment: await service.get(actor, created.id),
    job,
    createMs: t1 - t0,
    enrolMs: t2 - t1,
    totalMs: t2 - t0,
  };
}
