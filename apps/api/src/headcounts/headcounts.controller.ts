import { Body, Controller, Get, Param, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, Permission } from '@app/common';
import {
  DeclareHeadcountsDto,
  HeadcountChangeResponse,
  HeadcountHistoryQueryDto,
  HeadcountQueryDto,
  HeadcountsService,
  HeadcountYearParamsDto,
  UnitHeadcountsResponse,
} from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePermission } from '../http/auth';
import { uuidParam } from '../http/validation';

const READERS = [Permission.Admin, Permission.Organiser, Permission.Agency];
const MANAGERS = [Permission.Admin, Permission.Organiser];

/** Declared headcounts of a unit per role and year, beside the people its roster names. */
@ApiTags('headcounts')
@ApiBearerAuth()
@Controller('api/v1/units/:unitId/headcounts')
@UseGuards(ApiAuthGuard, PermissionGuard)
export class HeadcountsController {
  constructor(private readonly headcounts: HeadcountsService) {}

  /** Declared, named and declared-but-not-named per role; `children=true` adds each child unit. */
  @Get()
  @RequirePermission(...READERS)
  get(
    @CurrentActor() actor: Actor,
    @Param('unitId', uuidParam('unitId')) unitId: string,
    @Query() query: HeadcountQueryDto,
  ): Promise<UnitHeadcountsResponse> {
    return this.headcounts.forUnit(actor, unitId, query);
  }

  /** Every change of the declarations (previous and new figure, who, when), newest first. */
  @Get('history')
  @RequirePermission(...READERS)
  history(
    @CurrentActor() actor: Actor,
    @Param('unitId', uuidParam('unitId')) unitId: string,
    @Query() query: HeadcountHistoryQueryDto,
  ): Promise<HeadcountChangeResponse[]> {
    return this.headcounts.history(actor, unitId, query.year);
  }

  /** Declares the headcounts of the listed roles for the year; roles not listed keep their figure. */
  @Put(':year')
  @RequirePermission(...MANAGERS)
  declare(
    @CurrentActor() actor: Actor,
    @Param() params: HeadcountYearParamsDto,
    @Body() dto: DeclareHeadcountsDto,
  ): Promise<UnitHeadcountsResponse> {
    return this.headcounts.declare(actor, params.unitId, params.year, dto);
  }
}
