import { Body, Controller, Get, Param, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import {
  CoveragePeopleQueryDto,
  CoveragePeopleResponse,
  CoverageQueryDto,
  CoverageRankingQueryDto,
  CoverageRankingResponse,
  CoverageRoleParamDto,
  CoverageService,
  CoverageTrendResponse,
  PutTargetDto,
  TargetResponse,
  TargetsService,
  UnitCoverageResponse,
} from '@app/coverage';
import { Policy } from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../http/auth';

/** Coverage by unit and role (DESIGN.md "Public contract"): figures, trend, ranking, and the people behind them. */
@ApiTags('coverage')
@ApiBearerAuth()
@Controller('api/v1/coverage')
@UseGuards(ApiAuthGuard, PermissionGuard)
export class CoverageController {
  constructor(private readonly coverage: CoverageService) {}

  /** `{unit, asOf, rows, children}` for a unit (default: the caller's scope unit) and day (default: today). */
  @Get()
  @RequirePolicy(Policy.RosterRead)
  get(@CurrentActor() actor: Actor, @Query() query: CoverageQueryDto): Promise<UnitCoverageResponse> {
    return this.coverage.unitCoverage(actor, query);
  }

  /** Month by month since January 2025, per role and all roles. */
  @Get('trend')
  @RequirePolicy(Policy.RosterRead)
  trend(@CurrentActor() actor: Actor, @Query() query: CoverageQueryDto): Promise<CoverageTrendResponse> {
    return this.coverage.trend(actor, query);
  }

  /** The child units, lowest coverage (or largest gap) first, paged. */
  @Get('ranking')
  @RequirePolicy(Policy.RosterRead)
  ranking(@CurrentActor() actor: Actor, @Query() query: CoverageRankingQueryDto): Promise<CoverageRankingResponse> {
    return this.coverage.ranking(actor, query);
  }

  /** People not yet trained, and the declared-but-not-named remainder as a number. */
  @Get('untrained')
  @RequirePolicy(Policy.RosterRead)
  untrained(@CurrentActor() actor: Actor, @Query() query: CoveragePeopleQueryDto): Promise<CoveragePeopleResponse> {
    return this.coverage.untrained(actor, query);
  }

  /** People trained, each with a record that counts. */
  @Get('trained')
  @RequirePolicy(Policy.RosterRead)
  trained(@CurrentActor() actor: Actor, @Query() query: CoveragePeopleQueryDto): Promise<CoveragePeopleResponse> {
    return this.coverage.trained(actor, query);
  }
}

/** Coverage targets: read by organisers, agencies and admins; set by admins (audited). */
@ApiTags('coverage')
@ApiBearerAuth()
@Controller('api/v1/coverage/targets')
@UseGuards(ApiAuthGuard, PermissionGuard)
export class CoverageTargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Get()
  @RequirePolicy(Policy.RosterRead)
  list(@CurrentActor() actor: Actor): Promise<TargetResponse[]> {
    return this.targets.list(actor);
  }

  /** Sets the target of a role (for `scopeUnitId`, or everywhere); 400 naming the field for bad figures. */
  @Put(':roleId')
  @RequirePolicy(Policy.RoleCatalogueManage)
  put(
    @CurrentActor() actor: Actor,
    @Param() params: CoverageRoleParamDto,
    @Body() dto: PutTargetDto,
  ): Promise<TargetResponse> {
    return this.targets.put(actor, params.roleId, dto);
  }
}
