import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@app/common';
import { ListJobsQueryDto } from './dto/list-jobs-query.dto';
import { JobRunRepository } from './job-run.repository';
import { JobPage, JobResponse, toJobResponse } from './job.response';

const DEFAULT_LIMIT = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Read side of the admin view. Jobs are platform-wide: callers must be administrators (checked by the route guard). */
@Injectable()
export class JobsQueryService {
  constructor(private readonly jobs: JobRunRepository) {}

  async list(query: ListJobsQueryDto): Promise<JobPage> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const { items, total } = await this.jobs.list({ status: query.status, name: query.name, limit, offset });
    return { items: items.map(toJobResponse), total, limit, offset };
  }

  async get(id: string): Promise<JobResponse> {
    const job = UUID.test(id) ? await this.jobs.findById(id) : null;
    if (!job) throw new NotFoundError(`job ${id} not found`);
    return toJobResponse(job);
  }

  /** For producers that poll their own job, e.g. POST /export-jobs then GET. */
  async getByBusinessKey(businessKey: string): Promise<JobResponse> {
    const job = await this.jobs.findByBusinessKey(businessKey);
    if (!job) throw new NotFoundError(`job ${businessKey} not found`);
    return toJobResponse(job);
  }
}
