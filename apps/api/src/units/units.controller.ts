import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import {
  CreateUnitDto,
  EffectiveDateDto,
  ListUnitsQueryDto,
  MergeUnitsDto,
  MoveUnitDto,
  OrgUnitsService,
  Policy,
  RenameUnitDto,
  SplitUnitDto,
  UnitHistoryService,
  UnitListResponse,
  UnitPeopleCountsService,
  UnitResponse,
  UnitTreeNodeResponse,
  UnitTreeQueryDto,
} from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../http/auth';
import { uuidParam } from '../http/validation';

// Learners read courses, not the roster's structure (a public learner picks a commune by name at /register).
@ApiTags('units')
@ApiBearerAuth()
@Controller('api/v1/units')
@UseGuards(ApiAuthGuard, PermissionGuard)
export class UnitsController {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly history: UnitHistoryService,
    private readonly counts: UnitPeopleCountsService,
  ) {}

  /** Units inside the caller's scopes, each with its people; `parentId` for one level of the tree, `q` to search. */
  @Get()
  @RequirePolicy(Policy.RosterRead)
  list(@CurrentActor() actor: Actor, @Query() query: ListUnitsQueryDto): Promise<UnitListResponse> {
    return this.counts.list(actor, query);
  }

  @Get(':id')
  @RequirePolicy(Policy.RosterRead)
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<UnitResponse> {
    return this.units.getVisibleUnit(actor, id);
  }

  /**
   * The subtree as it stood on `asOf` (default today), from the unit history, with today's people per unit: level by
   * level (depth=1: the children, with hasChildren), the whole or deeper only up to 2,000 units.
   */
  @Get(':id/tree')
  @RequirePolicy(Policy.RosterRead)
  tree(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: UnitTreeQueryDto,
  ): Promise<UnitTreeNodeResponse[]> {
    return this.counts.tree(actor, id, query);
  }

  @Post()
  @RequirePolicy(Policy.RosterWrite)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto): Promise<UnitResponse> {
    return this.units.create(actor, dto);
  }

  @Post('merge')
  @HttpCode(200)
  @RequirePolicy(Policy.RosterWrite)
  merge(@CurrentActor() actor: Actor, @Body() dto: MergeUnitsDto): Promise<UnitResponse> {
    return this.history.merge(actor, dto);
  }

  @Post(':id/rename')
  @HttpCode(200)
  @RequirePolicy(Policy.RosterWrite)
  rename(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RenameUnitDto,
  ): Promise<UnitResponse> {
    return this.history.rename(actor, id, dto);
  }

  /** Cancels the unit's rename dated after today: the name before it applies again. */
  @Post(':id/rename/cancel')
  @HttpCode(200)
  @RequirePolicy(Policy.RosterWrite)
  cancelRename(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<UnitResponse> {
    return this.history.cancelFutureChange(actor, id, 'rename');
  }

  /** Cancels the unit's move dated after today: the parent before it applies again. */
  @Post(':id/move/cancel')
  @HttpCode(200)
  @RequirePolicy(Policy.RosterWrite)
  cancelMove(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<UnitResponse> {
    return this.history.cancelFutureChange(actor, id, 'move');
  }

  @Post(':id/move')
  @HttpCode(200)
  @RequirePolicy(Policy.RosterWrite)
  move(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: MoveUnitDto,
  ): Promise<UnitResponse> {
    return this.history.move(actor, id, dto);
  }

  @Post(':id/split')
  @HttpCode(200)
  @RequirePolicy(Policy.RosterWrite)
  split(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: SplitUnitDto,
  ): Promise<UnitResponse[]> {
    return this.history.split(actor, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequirePolicy(Policy.RosterWrite)
  close(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: EffectiveDateDto,
  ): Promise<UnitResponse> {
    return this.history.close(actor, id, dto.effectiveFrom);
  }
}
