import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, Permission } from '@app/common';
import { CreateRoleDto, ListRolesQueryDto, RoleResponse, RolesService } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePermission } from '../http/auth';
import { uuidParam } from '../http/validation';

const ANYONE = [Permission.Admin, Permission.Organiser, Permission.Agency, Permission.Learner];

@ApiTags('roles')
@ApiBearerAuth()
@Controller('api/v1/roles')
@UseGuards(ApiAuthGuard, PermissionGuard)
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @RequirePermission(...ANYONE)
  list(@Query() query: ListRolesQueryDto): Promise<RoleResponse[]> {
    return this.roles.list(query);
  }

  @Get(':id')
  @RequirePermission(...ANYONE)
  get(@Param('id', uuidParam('id')) id: string): Promise<RoleResponse> {
    return this.roles.get(id);
  }

  @Post()
  @RequirePermission(Permission.Admin)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRoleDto): Promise<RoleResponse> {
    return this.roles.create(actor, dto);
  }

  @Post(':id/retire')
  @RequirePermission(Permission.Admin)
  retire(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<RoleResponse> {
    return this.roles.setRetired(actor, id, true);
  }

  @Post(':id/restore')
  @RequirePermission(Permission.Admin)
  restore(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<RoleResponse> {
    return this.roles.setRetired(actor, id, false);
  }
}
