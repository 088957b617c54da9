import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, Permission } from '@app/common';
import { CreateUnitDto, ListUnitsQueryDto, OrgUnitsService, UnitListResponse, UnitResponse } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePermission } from '../http/auth';
import { uuidParam } from '../http/validation';

@ApiTags('units')
@ApiBearerAuth()
@Controller('api/v1/units')
@UseGuards(ApiAuthGuard, PermissionGuard)
export class UnitsController {
  constructor(private readonly units: OrgUnitsService) {}

  /** Units inside the caller's scopes; `parentId` for one level of the tree, `q` to search. */
  @Get()
  @RequirePermission(Permission.Admin, Permission.Organiser, Permission.Agency, Permission.Learner)
  list(@CurrentActor() actor: Actor, @Query() query: ListUnitsQueryDto): Promise<UnitListResponse> {
    return this.units.list(actor, query);
  }

  @Get(':id')
  @RequirePermission(Permission.Admin, Permission.Organiser, Permission.Agency, Permission.Learner)
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<UnitResponse> {
    return this.units.getVisibleUnit(actor, id);
  }

  @Post()
  @RequirePermission(Permission.Admin, Permission.Organiser)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto): Promise<UnitResponse> {
    return this.units.create(actor, dto);
  }
}
