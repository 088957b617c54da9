import { Body, Controller, Get, Param, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import {
  DeclareHeadcountsDto,
  HeadcountChangeResponse,
  HeadcountHistoryQueryDto,
  HeadcountQueryDto,
  HeadcountsService,
  HeadcountYearParamsDto,
  Policy,
  UnitHeadcountsResponse,
} from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../http/auth';
import { uuidParam } from '../http/validation';

/** Declared headcounts of a unit per role and year, beside the people its roster names. */
@ApiTags('headcounts')
@ApiBearerAuth()
@Controller('api/v1/units/:unitId/headcounts')
@UseGuards(ApiAuthGuard, PermissionGuard)
export class HeadcountsController {
  constructor(private readonly headcounts: HeadcountsService) {}

  /** Declared, named and declared-but-not-named per role; `children=true` adds each child unit. */
  @Get()
  @RequirePolicy(Policy.RosterRead)
  get(
    @CurrentActor() actor: Actor,
    @Param('unitId', uuidParam('unitId')) unitId: string,
    @Query() query: HeadcountQueryDto,
  ): Promise<UnitHeadcountsResponse> {
    return this.headcounts.forUnit(actor, unitId, query);
  }

  /** Every change of the declarations (previous and new figure, who, when), newest first. */
  @Get('history')
  @RequirePolicy(Policy.RosterRead)
  history(
    @CurrentActor() actor: Actor,
    @Param('unitId', uuidParam('unitId')) unitId: string,
    @Query() query: HeadcountHistoryQueryDto,
  ): Promise<HeadcountChangeResponse[]> {
    return this.headcounts.history(actor, unitId, query.year);
  }

  /** Declares the headcounts of the listed roles for the year; roles not listed keep their figure. */
  @Put(':year')
  @RequirePolicy(Policy.RosterWrite)
  declare(
    @CurrentActor() actor: Actor,
    @Param() params: HeadcountYearParamsDto,
    @Body() dto: DeclareHeadcountsDto,
  ): Promise<UnitHeadcountsResponse> {
    return this.headcounts.declare(actor, params.unitId, params.year, dto);
  }
}
