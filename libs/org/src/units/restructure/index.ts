export { PLAN_COLUMNS, planTemplateCsv, type PlanColumn, type PlanColumnKey } from './plan-columns';
export { type PlanRow, type PlanProblem, parsePlanRows, MAX_PLAN_UPLOAD_BYTES } from './plan-rows';
export type { PlanAnalysis, PlanNewUnit, PlanPartial } from './plan-analysis';
export type { RestructureReport } from './restructure.engine';
export type { PartialRule, PlanStatus } from './restructure.repository';
export {
  RESTRUCTURE_PLAN_JOB,
  RestructurePlansService,
  type RestructurePlanResponse,
} from './restructure-plans.service';
export { PreReformHistory, newUnitCode, oldUnitCode, type ReformMappingRow } from './pre-reform-history';
