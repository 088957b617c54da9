export * from './coverage.module';
export * from './coverage.service';
export * from './dto/coverage.dto';
export * from './targets/dto/target.dto';
export * from './targets/targets.service';
export * from './recount/coverage-recount';
export { ALL_ROLES, countingRecords } from './records/counting-records';
export * from './rules/coverage-rules';
export {
  COVERAGE_CONSUMER,
  COVERAGE_REBUILD_JOB,
  COVERAGE_UPKEEP_EVERY_MS,
  COVERAGE_UPKEEP_SCHEDULE,
  CoverageUpkeep,
  rebuildCoverage,
} from './rollups/coverage-upkeep';
export { countProgrammeCourse } from './targets/programme-courses';
export { coverageRows } from './coverage-figures';
export type { FigureRow } from './coverage.repository';
export { countingRecordOfSql, coveragePeopleWith, declaredNotNamedSql, figuresOnSql } from './facts/coverage-sql';
export { AppliedTarget, applyingTargetsSql } from './targets/target.repository';
