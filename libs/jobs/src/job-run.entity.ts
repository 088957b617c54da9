import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { JobStatus } from './job-status';

/** One job, keyed by its business id. The source of truth for job state (Bull only carries the id). */
@Entity('job_run')
@Unique('uq_job_run_business_key', ['businessKey'])
@Index('idx_job_run_status_created_at', ['status', 'createdAt'])
@Index('idx_job_run_unit_id_created_at', ['unitId', 'createdAt'])
@Check('ck_job_run_status', `"status" IN ('queued', 'running', 'succeeded', 'failed')`)
@Check('ck_job_run_progress', `"progress" BETWEEN 0 AND 100`)
export class JobRunEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_job_run' }) id!: string;
  @Column({ type: 'varchar', length: 64 }) queue!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'varchar', length: 200 }) businessKey!: string;
  /** Ids only: the handler loads what it needs. */
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
  /** The unit the job acts on (FK fk_job_run_unit_id); null for platform jobs, seen by national admins only. */
  @Column({ type: 'uuid', nullable: true }) unitId!: string | null;
  @Column({ type: 'varchar', length: 16, default: JobStatus.Queued }) status!: JobStatus;
  @Column({ type: 'int', default: 0 }) attempts!: number;
  @Column({ type: 'int', default: 3 }) maxAttempts!: number;
  @Column({ type: 'int', default: 0 }) progress!: number;
  /** The last error's message only: never a stack trace. */
  @Column({ type: 'text', nullable: true }) lastError!: string | null;
  @Column({ type: 'jsonb', nullable: true }) result!: unknown;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
