import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import {
  AssignmentListResponse,
  AssignmentProgressService,
  AssignmentProgressQueryDto,
  AssignmentProgressResponse,
  AssignmentResponse,
  AssignmentsService,
  CreateAssignmentDto,
  ListAssignmentsQueryDto,
} from '@app/learning';
import { Policy } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../../http/auth';
import { uuidParam } from '../../http/validation';

/** Courses assigned to a unit subtree × roles with a due date, and their progress per unit. */
@ApiTags('assignments')
@ApiBearerAuth()
@Controller('api/v1/assignments')
@UseGuards(ApiAuthGuard, PermissionGuard)
export class AssignmentsController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly progressView: AssignmentProgressService,
  ) {}

  /** Assigns a published course; the enrol job (`jobId`) enrols everyone matching. 403 outside your subtree. */
  @Post()
  @RequirePolicy(Policy.AssignmentManage)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAssignmentDto): Promise<AssignmentResponse> {
    return this.assignments.create(actor, dto);
  }

  /**
   * Assignments to units inside your scope, and those to a unit above it that cover it (`assignedFromAbove`:
   * read only, memberCount and progress of your part only), newest first.
   */
  @Get()
  @RequirePolicy(Policy.AssignmentRead)
  list(@CurrentActor() actor: Actor, @Query() query: ListAssignmentsQueryDto): Promise<AssignmentListResponse> {
    return this.assignments.list(actor, query);
  }

  @Get(':id')
  @RequirePolicy(Policy.AssignmentRead)
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<AssignmentResponse> {
    return this.assignments.get(actor, id);
  }

  /** Assigned / started / completed / overdue / not started, in total and per child unit (`unitId` drills down). */
  @Get(':id/progress')
  @RequirePolicy(Policy.AssignmentRead)
  progress(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: AssignmentProgressQueryDto,
  ): Promise<AssignmentProgressResponse> {
    return this.progressView.progress(actor, id, query);
  }

  /**
   * Cancels the assignment: enrolments stay, due dates come from the remaining active assignments. 403 for an
   * assignment from above (only organisers over its unit cancel it).
   */
  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePolicy(Policy.AssignmentManage)
  cancel(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<AssignmentResponse> {
    return this.assignments.cancel(actor, id);
  }
}
