import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { JobRunEntity } from './job-run.entity';
import { JobStatus } from './job-status';

export interface NewJobRun {
  queue: string;
  name: string;
  businessKey: string;
  payload: Record<string, unknown>;
  maxAttempts: number;
  unitId: string | null;
}

export interface JobRunFilter {
  /** The reader's scope units (admin grants): see VISIBLE_TO_SCOPES. */
  scopeUnitIds: string[];
  status?: JobStatus;
  name?: string;
  limit: number;
  offset: number;
}

/**
 * The one scoping rule for jobs: a job acting on a unit is visible to the readers whose scope units ($1) hold
 * that unit in their subtree (pk_org_unit_closure); a platform job (no unit) only to a reader scoped on the
 * country root (the unit without a parent).
 */
const VISIBLE_TO_SCOPES = (scopes: string): string => `(CASE WHEN j.unit_id IS NULL
   THEN EXISTS (SELECT 1 FROM org_unit r WHERE r.id = ANY(${scopes}::uuid[]) AND r.parent_id IS NULL)
   ELSE EXISTS (SELECT 1 FROM org_unit_closure c WHERE c.ancestor_id = ANY(${scopes}::uuid[]) AND c.descendant_id = j.unit_id)
 END)`;

/** The only home of job_run SQL. State changes are single conditional UPDATEs, so two processes never both win. */
@Injectable()
export class JobRunRepository {
  constructor(@InjectRepository(JobRunEntity) private readonly repo: Repository<JobRunEntity>) {}

  /**
   * Creates the job or returns the existing one with that business key; a failed one is put back in the queue.
   * `requeued` is true when the caller must hand the job to a transport.
   */
  async upsert(run: NewJobRun, manager?: EntityManager): Promise<{ job: JobRunEntity; requeued: boolean }> {
    const db = manager ?? this.repo.manager;
    const inserted = await db.query<Array<{ id: string }>>(
      `INSERT INTO job_run (queue, name, business_key, payload, max_attempts, unit_id)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6)
       ON CONFLICT ON CONSTRAINT uq_job_run_business_key DO NOTHING
       RETURNING id`,
      [run.queue, run.name, run.businessKey, JSON.stringify(run.payload), run.maxAttempts, run.unitId],
    );
    const requeued = inserted.length > 0 || (await this.requeueFailed(db, run));
    const job = await db.getRepository(JobRunEntity).findOneByOrFail({ businessKey: run.businessKey });
    return { job, requeued: requeued || job.status === JobStatus.Queued };
  }

  /** Same business key already dispatched: only a failed job runs again, with fresh attempts. */
  private async requeueFailed(db: EntityManager, run: NewJobRun): Promise<boolean> {
    const [, affected] = await db.query<[unknown, number]>(
      `UPDATE job_run SET status = 'queued', attempts = 0, progress = 0, last_error = NULL, result = NULL,
              started_at = NULL, finished_at = NULL, max_attempts = $2, updated_at = now()
        WHERE business_key = $1 AND status = 'failed' AND name = $3`,
      [run.businessKey, run.maxAttempts, run.name],
    );
    return affected > 0;
  }

  /** Takes the job for one attempt; null when it is gone, finished, or failed for good. */
  async claim(id: string): Promise<JobRunEntity | null> {
    const rows = await this.repo.query<[Array<{ id: string }>, number]>(
      `UPDATE job_run SET status = 'running', attempts = attempts + 1, started_at = now(), finished_at = NULL,
              updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'running')
        RETURNING id`,
      [id],
    );
    const claimed = rows[0]?.[0]?.id;
    return claimed ? this.repo.findOneBy({ id: claimed }) : null;
  }

  async markSucceeded(id: string, result: unknown): Promise<void> {
    await this.repo.query(
      `UPDATE job_run SET status = 'succeeded', progress = 100, result = $2::jsonb, last_error = NULL,
              finished_at = now(), updated_at = now()
        WHERE id = $1`,
      [id, JSON.stringify(result ?? null)],
    );
  }

  /** Records a failed attempt: back to queued (a retry follows) or failed for good. */
  async markAttemptFailed(id: string, error: string, final: boolean): Promise<void> {
    await this.repo.query(
      `UPDATE job_run SET status = $2, last_error = $3, finished_at = CASE WHEN $4 THEN now() END, updated_at = now()
        WHERE id = $1`,
      [id, final ? JobStatus.Failed : JobStatus.Queued, error, final],
    );
  }

  async setProgress(id: string, progress: number): Promise<void> {
    await this.repo.query(`UPDATE job_run SET progress = $2, updated_at = now() WHERE id = $1 AND status = 'running'`, [
      id,
      progress,
    ]);
  }

  findById(id: string): Promise<JobRunEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** A job the reader may see (VISIBLE_TO_SCOPES); null when unknown or outside, alike. */
  findVisibleById(id: string, scopeUnitIds: string[]): Promise<JobRunEntity | null> {
    return this.repo
      .createQueryBuilder('j')
      .where('j.id = :id', { id })
      .andWhere(VISIBLE_TO_SCOPES(':scopes'), { scopes: scopeUnitIds })
      .getOne();
  }

  findByBusinessKey(businessKey: string): Promise<JobRunEntity | null> {
    return this.repo.findOneBy({ businessKey });
  }

  /** Ids of jobs left queued or running by an earlier process (in-process mode resumes them at boot). */
  async findUnfinishedIds(limit = 1000): Promise<string[]> {
    const rows = await this.repo.query<Array<{ id: string }>>(
      `SELECT id FROM job_run WHERE status IN ('queued', 'running') ORDER BY created_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** Queued jobs nobody has touched for a while (Bull mode re-enqueues them). */
  findStaleQueued(olderThanSeconds: number, limit = 500): Promise<JobRunEntity[]> {
    return this.repo
      .createQueryBuilder('j')
      .where(`j.status = 'queued' AND j.updated_at < now() - make_interval(secs => :secs)`, { secs: olderThanSeconds })
      .orderBy('j.createdAt', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Newest first, scoped (VISIBLE_TO_SCOPES). A status filter uses idx_job_run_status_created_at. */
  async list(filter: JobRunFilter): Promise<{ items: JobRunEntity[]; total: number }> {
    const qb = this.repo.createQueryBuilder('j').where(VISIBLE_TO_SCOPES(':scopes'), { scopes: filter.scopeUnitIds });
    if (filter.status) qb.andWhere('j.status = :status', { status: filter.status });
    if (filter.name) qb.andWhere('j.name = :name', { name: filter.name });
    const [items, total] = await qb
      .orderBy('j.createdAt', 'DESC')
      .addOrderBy('j.id', 'DESC')
      .take(filter.limit)
      .skip(filter.offset)
      .getManyAndCount();
    return { items, total };
  }
}
