export * from './org.module';
export * from './units/dto/unit.dto';
export * from './units/org-units.service';
export * from './units/unit-type';
export * from './roles/dto/role.dto';
export * from './roles/roles.service';
