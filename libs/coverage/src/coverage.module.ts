import { Module, Provider } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { CoverageRepository } from './coverage.repository';
import { CoverageService } from './coverage.service';
import { CoverageRecount } from './recount/coverage-recount';
import { CoverageRebuildJob, CoverageUpkeep } from './rollups/coverage-upkeep';
import { RollupRepository } from './rollups/rollup.repository';
import { TargetRepository } from './targets/target.repository';
import { TargetsService } from './targets/targets.service';

const EXPORTED: Provider[] = [CoverageService, TargetsService, CoverageUpkeep, CoverageRecount];

/**
 * Coverage (DESIGN.md "Coverage, exactly"): targets as data, rollups folded from org's roster change log
 * (CoverageUpkeep), the dashboard's reads and the people behind them. Reads org's, learning's and certificates'
 * tables through their exported SQL fragments; writes only its own. Needs the global ConfigModule, DbModule,
 * JobsModule and AuditModule.
 */
@Module({
  imports: [OrgModule],
  providers: [...EXPORTED, CoverageRepository, RollupRepository, TargetRepository, CoverageRebuildJob],
  exports: EXPORTED,
})
export class CoverageModule {}
