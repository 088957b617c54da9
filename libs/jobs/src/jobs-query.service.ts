import { Injectable } from '@nestjs/common';
import { Actor, NotFoundError, Permission } from '@app/common';
import { ListJobsQueryDto } from './dto/list-jobs-query.dto';
import { JobRunRepository } from './job-run.repository';
import { JobPage, JobResponse, toJobResponse } from './job.response';

const DEFAULT_LIMIT = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The units whose subtrees an administrator reads jobs in: their admin grants' scope units. */
const adminScopes = (actor: Actor): string[] =>
  actor.grants.filter((g) => g.permission === Permission.Admin).map((g) => g.scopeUnitId);

/**
 * Read side of the admin view, scoped like everything else (JobRunRepository's VISIBLE_TO_SCOPES): an
 * administrator sees the jobs acting on units of their subtrees; platform jobs only if scoped on the country.
 */
@Injectable()
export class JobsQueryService {
  constructor(private readonly jobs: JobRunRepository) {}

  async list(actor: Actor, query: ListJobsQueryDto): Promise<JobPage> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const scopeUnitIds = adminScopes(actor);
    const { items, total } = await this.jobs.list({
      scopeUnitIds,
      status: query.status,
      name: query.name,
      limit,
      offset,
    });
    return { items: items.map(toJobResponse), total, limit, offset };
  }

  /** A job of another subtree answers like an unknown id. */
  async get(actor: Actor, id: string): Promise<JobResponse> {
    const job = UUID.test(id) ? await this.jobs.findVisibleById(id, adminScopes(actor)) : null;
    if (!job) throw new NotFoundError(`job ${id} not found`);
    return toJobResponse(job);
  }

  /** Unscoped: for producers that poll their own job, e.g. POST /export-jobs then GET. Never for a caller's id. */
  async getByBusinessKey(businessKey: string): Promise<JobResponse> {
    const job = await this.jobs.findByBusinessKey(businessKey);
    if (!job) throw new NotFoundError(`job ${businessKey} not found`);
    return toJobResponse(job);
  }

  /**
   * A job of kind `name` by id, with the unit it acts on, unscoped: for the context that produced it, which checks
   * the caller's scope over that unit itself (e.g. a certificate ZIP's download). 404 for another kind or a bad id.
   */
  async getOwnKind(name: string, id: string): Promise<JobResponse & { unitId: string | null }> {
    const job = UUID.test(id) ? await this.jobs.findById(id) : null;
    if (!job || job.name !== name) throw new NotFoundError(`job ${id} not found`);
    return { ...toJobResponse(job), unitId: job.unitId };
  }
}
