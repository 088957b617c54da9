export * from './org.module';
export * from './units/dto/unit.dto';
export * from './units/org-units.service';
export * from './units/unit-type';
