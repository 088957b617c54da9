import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '@app/common';
import { IsCalendarDate } from '@app/common';

export const ASSIGNMENT_STATUSES = ['active', 'cancelled'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** The name of the job that enrols the people an assignment matches (business key `assignment:<id>`). */
export const ASSIGNMENT_ENROL_JOB = 'learning.assignment.enrol';
/** The name of the job that matches every active assignment again (the safety net). */
export const ASSIGNMENTS_SYNC_JOB = 'learning.assignments.sync';

export class CreateAssignmentDto {
  @ApiProperty({ format: 'uuid', description: 'a published course' })
  @IsUUID()
  courseId!: string;

  @ApiProperty({ format: 'uuid', description: 'the unit whose subtree is assigned (inside your scope)' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'people holding one of these roles are enrolled' })
  @IsArray()
  @ArrayMinSize(1, { message: 'roleIds must name at least one role' })
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  roleIds!: string[];

  @ApiProperty({ example: '2026-06-30', description: 'today or later' })
  @IsCalendarDate()
  dueDate!: string;
}

export class ListAssignmentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  courseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'assignments to this unit or to units below it' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: ASSIGNMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSIGNMENT_STATUSES)
  status?: AssignmentStatus;
}

export class AssignmentProgressQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'a unit inside both the assignment unit and your scope (default: the assignment unit; for an assignment ' +
      'from above, your scope unit inside it)',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class AssignmentRoleResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() nameVi!: string;
  @ApiProperty() nameEn!: string;
}

export class AssignmentJobResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'] }) status!: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress!: number;
}

export class AssignmentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) courseId!: string;
  @ApiProperty() courseCode!: string;
  @ApiProperty() courseTitle!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ example: '2026-06-30' }) dueDate!: string;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status!: AssignmentStatus;
  @ApiProperty({ type: [AssignmentRoleResponse] }) roles!: AssignmentRoleResponse[];
  @ApiProperty({
    description:
      'people enrolled by this assignment so far; when assignedFromAbove, only the members whose membership today ' +
      'lies in your part (your scopes inside the assignment unit): no figure of the wider assignment is shown',
  })
  memberCount!: number;
  @ApiProperty({
    description:
      'the assignment unit lies above your scope: you see it because it covers units you manage (read only; ' +
      'progress shows your part only)',
  })
  assignedFromAbove!: boolean;
  @ApiProperty({ nullable: true, description: 'when the enrol job last matched everyone' }) syncedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true }) cancelledAt!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, description: 'the enrol job (GET /api/v1/jobs/:id for admins)' })
  jobId!: string | null;
  @ApiPropertyOptional({ type: AssignmentJobResponse, nullable: true }) job?: AssignmentJobResponse | null;
}

export class AssignmentListResponse {
  @ApiProperty({ type: [AssignmentResponse] }) items!: AssignmentResponse[];
  @ApiProperty() total!: number;
}

/** Counts over assignment members; completed + started + notStarted = assigned; overdue overlaps the others. */
export class ProgressCounts {
  @ApiProperty() assigned!: number;
  @ApiProperty({ description: 'started and not completed yet' }) started!: number;
  @ApiProperty() completed!: number;
  @ApiProperty({ description: 'not completed and the due date has passed' }) overdue!: number;
  @ApiProperty() notStarted!: number;
}

export class ProgressUnitRow extends ProgressCounts {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'false for the row of the people directly in the shown unit' }) child!: boolean;
  @ApiProperty({ description: 'the unit has units below it (drill down with ?unitId=)' }) hasChildren!: boolean;
}

export class ProgressUnitRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

export class AssignmentProgressResponse {
  @ApiProperty({ format: 'uuid' }) assignmentId!: string;
  @ApiProperty({ type: ProgressUnitRef }) unit!: ProgressUnitRef;
  @ApiProperty({
    type: [ProgressUnitRef],
    description: 'from the assignment unit (or, for an assignment from above, your scope unit) down to the shown unit',
  })
  path!: ProgressUnitRef[];
  @ApiProperty({ example: '2026-01-15' }) asOf!: string;
  @ApiProperty({ type: ProgressCounts }) totals!: ProgressCounts;
  @ApiProperty({ type: [ProgressUnitRow] }) rows!: ProgressUnitRow[];
  @ApiProperty({
    description:
      'members counted nowhere below the assignment unit today (moved out, left); assignment unit only ' +
      "(0 for an assignment from above: they belong to nobody's part)",
  })
  elsewhere!: number;
}

/** What an enrol run did. */
export interface AssignmentSyncResult {
  assignmentId: string;
  /** People matched now who were not members yet. */
  matched: number;
  /** New enrolments written (the others already had one, e.g. self-enrolled). */
  enrolled: number;
  /** Members added to the assignment. */
  added: number;
  memberCount: number;
  skipped?: string;
}
