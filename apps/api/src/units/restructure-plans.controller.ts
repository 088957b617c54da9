import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { Request } from 'express';
import { Actor } from '@app/common';
import { PartialRule, planTemplateCsv, Policy, RestructurePlanResponse, RestructurePlansService } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../http/auth';
import { receiveUpload } from '../http/uploads';
import { uuidParam } from '../http/validation';

export class UploadPlanQueryDto {
  /** The unit whose subtree the plan concerns (default: the caller's first scope). */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class CommitPlanDto {
  /**
   * For people of partial units not listed for any new unit: `list` (default) refuses the commit while any are left;
   * `first_for_review` sends them to the first new unit named for their old unit and lists them in the report.
   */
  @ApiPropertyOptional({ enum: ['list', 'first_for_review'] })
  @IsOptional()
  @IsIn(['list', 'first_for_review'])
  partialRule?: PartialRule;
}

/**
 * Restructuring plans (issue 13): many merges, splits, renames and moves at once, as of one date. Upload → dry run
 * (in the response) → commit (a job, one transaction) → report. For organisers over their subtree and admins.
 */
@ApiTags('restructure plans')
@ApiBearerAuth()
@Controller('api/v1/restructure-plans')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePolicy(Policy.RosterWrite)
export class RestructurePlansController {
  constructor(private readonly plans: RestructurePlansService) {}

  /** The plans of the caller's subtrees, newest first (50). */
  @Get()
  list(@CurrentActor() actor: Actor): Promise<RestructurePlanResponse[]> {
    return this.plans.list(actor);
  }

  /** The template: the documented columns (Vietnamese headers; English headers are accepted too) and examples. */
  @Get('template.csv')
  @ApiProduces('text/csv')
  template(): StreamableFile {
    return new StreamableFile(Buffer.from(planTemplateCsv(), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="phuong-an-sap-xep.csv"',
    });
  }

  /**
   * Upload a plan (CSV UTF-8 or XLSX, ≤ 10 MB, multipart field `file`): 201 with the dry run (problems per row, per
   * new unit the old units going into it and the people moving, per partial unit who is not placed yet). A date
   * before a named unit's current state: 400.
   */
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  upload(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Query() query: UploadPlanQueryDto,
  ): Promise<RestructurePlanResponse> {
    return receiveUpload(req, (file) => this.plans.upload(actor, file, query.unitId));
  }

  /** The plan, its dry run and, once applied, its report and the job's status. */
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<RestructurePlanResponse> {
    return this.plans.get(actor, id);
  }

  /** Commit: 202 with the plan queued; 409 while it has row problems or unplaced people without the review rule. */
  @Post(':id/commit')
  @HttpCode(202)
  commit(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CommitPlanDto,
  ): Promise<RestructurePlanResponse> {
    return this.plans.commit(actor, id, dto.partialRule);
  }
}
