import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, Permission } from '@app/common';
import {
  CreateUnitDto,
  EffectiveDateDto,
  ListUnitsQueryDto,
  MergeUnitsDto,
  MoveUnitDto,
  OrgUnitsService,
  RenameUnitDto,
  SplitUnitDto,
  UnitHistoryService,
  UnitListResponse,
  UnitResponse,
  UnitTreeNode,
  UnitTreeQueryDto,
} from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePermission } from '../http/auth';
import { uuidParam } from '../http/validation';

// Learners read courses, not the roster's structure (a public learner picks a commune by name at /register).
const READERS = [Permission.Admin, Permission.Organiser, Permission.Agency];
const MANAGERS = [Permission.Admin, Permission.Organiser];

@ApiTags('units')
@ApiBearerAuth()
@Controller('api/v1/units')
@UseGuards(ApiAuthGuard, PermissionGuard)
export class UnitsController {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly history: UnitHistoryService,
  ) {}

  /** Units inside the caller's scopes; `parentId` for one level of the tree, `q` to search. */
  @Get()
  @RequirePermission(...READERS)
  list(@CurrentActor() actor: Actor, @Query() query: ListUnitsQueryDto): Promise<UnitListResponse> {
    return this.units.list(actor, query);
  }

  @Get(':id')
  @RequirePermission(...READERS)
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<UnitResponse> {
    return this.units.getVisibleUnit(actor, id);
  }

  /** The subtree as it stood on `asOf` (default today), from the unit history. */
  @Get(':id/tree')
  @RequirePermission(...READERS)
  tree(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: UnitTreeQueryDto,
  ): Promise<UnitTreeNode[]> {
    return this.history.treeAsOf(actor, id, query);
  }

  @Post()
  @RequirePermission(...MANAGERS)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto): Promise<UnitResponse> {
    return this.units.create(actor, dto);
  }

  @Post('merge')
  @HttpCode(200)
  @RequirePermission(...MANAGERS)
  merge(@CurrentActor() actor: Actor, @Body() dto: MergeUnitsDto): Promise<UnitResponse> {
    return this.history.merge(actor, dto);
  }

  @Post(':id/rename')
  @HttpCode(200)
  @RequirePermission(...MANAGERS)
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
  @RequirePermission(...MANAGERS)
  cancelRename(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<UnitResponse> {
    return this.history.cancelFutureChange(actor, id, 'rename');
  }

  /** Cancels the unit's move dated after today: the parent before it applies again. */
  @Post(':id/move/cancel')
  @HttpCode(200)
  @RequirePermission(...MANAGERS)
  cancelMove(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<UnitResponse> {
    return this.history.cancelFutureChange(actor, id, 'move');
  }

  @Post(':id/move')
  @HttpCode(200)
  @RequirePermission(...MANAGERS)
  move(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: MoveUnitDto,
  ): Promise<UnitResponse> {
    return this.history.move(actor, id, dto);
  }

  @Post(':id/split')
  @HttpCode(200)
  @RequirePermission(...MANAGERS)
  split(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: SplitUnitDto,
  ): Promise<UnitResponse[]> {
    return this.history.split(actor, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequirePermission(...MANAGERS)
  close(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: EffectiveDateDto,
  ): Promise<UnitResponse> {
    return this.history.close(actor, id, dto.effectiveFrom);
  }
}
