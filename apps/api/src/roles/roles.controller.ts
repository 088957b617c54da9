import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import { CreateRoleDto, ListRolesQueryDto, Policy, RoleResponse, RolesService } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../http/auth';
import { uuidParam } from '../http/validation';

@ApiTags('roles')
@ApiBearerAuth()
@Controller('api/v1/roles')
@UseGuards(ApiAuthGuard, PermissionGuard)
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @RequirePolicy(Policy.RoleCatalogueRead)
  list(@Query() query: ListRolesQueryDto): Promise<RoleResponse[]> {
    return this.roles.list(query);
  }

  @Get(':id')
  @RequirePolicy(Policy.RoleCatalogueRead)
  get(@Param('id', uuidParam('id')) id: string): Promise<RoleResponse> {
    return this.roles.get(id);
  }

  @Post()
  @RequirePolicy(Policy.RoleCatalogueManage)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRoleDto): Promise<RoleResponse> {
    return this.roles.create(actor, dto);
  }

  @Post(':id/retire')
  @RequirePolicy(Policy.RoleCatalogueManage)
  retire(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<RoleResponse> {
    return this.roles.setRetired(actor, id, true);
  }

  @Post(':id/restore')
  @RequirePolicy(Policy.RoleCatalogueManage)
  restore(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<RoleResponse> {
    return this.roles.setRetired(actor, id, false);
  }
}
