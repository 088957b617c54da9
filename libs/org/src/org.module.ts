import { Module } from '@nestjs/common';
import { RoleRepository } from './roles/role.repository';
import { RolesService } from './roles/roles.service';
import { OrgUnitRepository } from './units/org-unit.repository';
import { OrgUnitsService } from './units/org-units.service';

@Module({
  providers: [OrgUnitRepository, OrgUnitsService, RoleRepository, RolesService],
  exports: [OrgUnitsService, RolesService],
})
export class OrgModule {}
