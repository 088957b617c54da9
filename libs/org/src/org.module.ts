import { Module } from '@nestjs/common';
import { OrgUnitRepository } from './units/org-unit.repository';
import { OrgUnitsService } from './units/org-units.service';

@Module({ providers: [OrgUnitRepository, OrgUnitsService], exports: [OrgUnitsService] })
export class OrgModule {}
