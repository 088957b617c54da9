import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import {
  CancelledPersonChange,
  ChangePersonStatusDto,
  CreatePersonDto,
  ListPeopleQueryDto,
  MovePersonDto,
  PeopleService,
  PersonChangesService,
  PersonHistoryResponse,
  PersonListResponse,
  PersonResponse,
  Policy,
} from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePolicy } from '../http/auth';
import { uuidParam } from '../http/validation';

@ApiTags('people')
@ApiBearerAuth()
@Controller('api/v1/people')
@UseGuards(ApiAuthGuard, PermissionGuard)
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly changes: PersonChangesService,
  ) {}

  /** People in your scope. Never e-mail, phone or birth date: read them in bulk through the audited roster export. */
  @Get()
  @RequirePolicy(Policy.RosterRead)
  @ApiOkResponse({ type: PersonListResponse })
  list(@CurrentActor() actor: Actor, @Query() query: ListPeopleQueryDto): Promise<PersonListResponse> {
    return this.people.list(actor, query);
  }

  /** One person; e-mail, phone and birth date only if you manage their unit (admin, organiser), and then audited. */
  @Get(':id')
  @RequirePolicy(Policy.RosterRead)
  @ApiOkResponse({ type: PersonResponse })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<PersonResponse> {
    return this.people.get(actor, id);
  }

  @Get(':id/history')
  @RequirePolicy(Policy.RosterRead)
  history(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<PersonHistoryResponse> {
    return this.people.history(actor, id);
  }

  @Post()
  @RequirePolicy(Policy.RosterWrite)
  @ApiCreatedResponse({ type: PersonResponse, description: 'the person as written, contact details included' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePersonDto): Promise<PersonResponse> {
    return this.people.create(actor, dto);
  }

  @Post(':id/move')
  @HttpCode(200)
  @RequirePolicy(Policy.RosterWrite)
  @ApiOkResponse({ type: PersonResponse, description: 'without contact details (contactShown false)' })
  move(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: MovePersonDto,
  ): Promise<PersonResponse> {
    return this.people.move(actor, id, dto);
  }

  /** Cancels the person's move dated after today: the unit they were in before it applies again. */
  @Post(':id/move/cancel')
  @HttpCode(200)
  @RequirePolicy(Policy.RosterWrite)
  cancelMove(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<CancelledPersonChange> {
    return this.changes.cancelMove(actor, id);
  }

  /** Cancels the person's status change dated after today: the status before it applies again. */
  @Post(':id/status/cancel')
  @HttpCode(200)
  @RequirePolicy(Policy.RosterWrite)
  cancelStatus(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<CancelledPersonChange> {
    return this.changes.cancelStatus(actor, id);
  }

  @Post(':id/status')
  @HttpCode(200)
  @RequirePolicy(Policy.RosterWrite)
  @ApiOkResponse({ type: PersonResponse, description: 'without contact details (contactShown false)' })
  status(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ChangePersonStatusDto,
  ): Promise<PersonResponse> {
    return this.people.changeStatus(actor, id, dto);
  }
}
