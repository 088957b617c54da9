import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, Permission } from '@app/common';
import {
  ChangePersonStatusDto,
  CreatePersonDto,
  ListPeopleQueryDto,
  MovePersonDto,
  PeopleService,
  PersonHistoryResponse,
  PersonResponse,
} from '@app/org';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePermission } from '../http/auth';
import { uuidParam } from '../http/validation';

const READERS = [Permission.Admin, Permission.Organiser, Permission.Agency];
const MANAGERS = [Permission.Admin, Permission.Organiser];

@ApiTags('people')
@ApiBearerAuth()
@Controller('api/v1/people')
@UseGuards(ApiAuthGuard, PermissionGuard)
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @RequirePermission(...READERS)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListPeopleQueryDto,
  ): Promise<{ items: PersonResponse[]; total: number }> {
    return this.people.list(actor, query);
  }

  @Get(':id')
  @RequirePermission(...READERS)
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<PersonResponse> {
    return this.people.get(actor, id);
  }

  @Get(':id/history')
  @RequirePermission(...READERS)
  history(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<PersonHistoryResponse> {
    return this.people.history(actor, id);
  }

  @Post()
  @RequirePermission(...MANAGERS)
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePersonDto): Promise<PersonResponse> {
    return this.people.create(actor, dto);
  }

  @Post(':id/move')
  @HttpCode(200)
  @RequirePermission(...MANAGERS)
  move(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: MovePersonDto,
  ): Promise<PersonResponse> {
    return this.people.move(actor, id, dto);
  }

  @Post(':id/status')
  @HttpCode(200)
  @RequirePermission(...MANAGERS)
  status(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ChangePersonStatusDto,
  ): Promise<PersonResponse> {
    return this.people.changeStatus(actor, id, dto);
  }
}
