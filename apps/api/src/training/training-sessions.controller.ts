import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Request } from 'express';
import { buffer as readAll } from 'node:stream/consumers';
import { Actor, PERMISSIONS } from '@app/common';
import { Policy } from '@app/org';
import {
  AttendanceImportReport,
  AttendanceImportService,
  AttendanceQueryDto,
  AttendanceRowResponse,
  AttendanceService,
  AttendanceSheetService,
  CloseAttendanceResponse,
  CreateSessionDto,
  InvitationsService,
  InviteDto,
  InviteeResponse,
  InviteResultResponse,
  ListSessionsQueryDto,
  MarkAttendanceDto,
  RespondDto,
  SessionListResponse,
  SessionResponse,
  SessionsService,
} from '@app/training';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePermission, RequirePolicy } from '../http/auth';
import { receiveUpload } from '../http/uploads';
import { uuidParam } from '../http/validation';

export class ImportQueryDto {
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: string;
}

/**
 * In-person training sessions: organisers create and edit them for their subtree, invite (subtree × roles or
 * people), take attendance (one record per person), upload the signed sheet and make the attendance final, which
 * issues the session certificates. A learner lists the sessions they are invited to and answers.
 */
@ApiTags('training')
@ApiBearerAuth()
@Controller('api/v1/training-sessions')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class TrainingSessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly invitations: InvitationsService,
    private readonly attendance: AttendanceService,
    private readonly sheets: AttendanceSheetService,
    private readonly imports: AttendanceImportService,
  ) {}

  @Post()
  @RequirePolicy(Policy.TrainingManage)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSessionDto): Promise<SessionResponse> {
    return this.sessions.create(actor, dto);
  }

  /** Sessions organised in the caller's subtrees, and those the caller is invited to; `month` for a calendar. */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListSessionsQueryDto): Promise<SessionListResponse> {
    return this.sessions.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<SessionResponse> {
    return this.sessions.get(actor, id);
  }

  @Put(':id')
  @RequirePolicy(Policy.TrainingManage)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateSessionDto,
  ): Promise<SessionResponse> {
    return this.sessions.update(actor, id, dto);
  }

  /** Invites a unit subtree × roles, or people picked from the roster; past the capacity they wait. */
  @Post(':id/invitations')
  @RequirePolicy(Policy.TrainingManage)
  invite(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: InviteDto,
  ): Promise<InviteResultResponse> {
    return this.invitations.invite(actor, id, dto);
  }

  @Get(':id/invitations')
  @RequirePolicy(Policy.TrainingRead)
  invitees(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<InviteeResponse[]> {
    return this.invitations.invitees(actor, id);
  }

  /** Confirm or decline: the person, or an organiser over them. */
  @Post(':id/invitations/:personId/answer')
  @HttpCode(200)
  respond(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('personId', uuidParam('personId')) personId: string,
    @Body() dto: RespondDto,
  ): Promise<InviteeResponse> {
    return this.invitations.respond(actor, id, personId, dto);
  }

  /** The expected list with the ticks; `q` searches names without diacritics. */
  @Get(':id/attendance')
  @RequirePolicy(Policy.TrainingRead)
  expected(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: AttendanceQueryDto,
  ): Promise<AttendanceRowResponse[]> {
    return this.attendance.expected(actor, id, query.q);
  }

  /** Present / absent / excused for one person (a walk-in from the organiser's roster too); twice → one record. */
  @Put(':id/attendance/:personId')
  @RequirePolicy(Policy.TrainingManage)
  mark(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('personId', uuidParam('personId')) personId: string,
    @Body() dto: MarkAttendanceDto,
  ): Promise<AttendanceRowResponse> {
    return this.attendance.mark(actor, id, personId, dto);
  }

  /** People of the organiser's roster not on the list yet, by name: walk-ins to add. */
  @Get(':id/walk-ins')
  @RequirePolicy(Policy.TrainingManage)
  walkIns(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: AttendanceQueryDto,
  ): Promise<Array<{ personId: string; fullName: string; unitName: string | null }>> {
    return this.attendance.walkIns(actor, id, query.q ?? '');
  }

  /** Makes the attendance final (from the last day): issues the certificates of a counting session. */
  @Post(':id/attendance/close')
  @HttpCode(200)
  @RequirePolicy(Policy.TrainingManage)
  close(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<CloseAttendanceResponse> {
    return this.attendance.close(actor, id);
  }

  /** The signed attendance sheet (multipart `file`: PDF, JPEG or PNG, ≤ 10 MB; else 415 / 413). */
  @Post(':id/attendance-sheet')
  @HttpCode(204)
  @RequirePolicy(Policy.TrainingManage)
  putSheet(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Req() req: Request): Promise<void> {
    return receiveUpload(req, (file) => this.sheets.put(actor, id, file));
  }

  /**
   * Attendance from a CSV or XLSX file (multipart `file`; columns Mã cán bộ / Họ và tên, Điểm danh, Tỷ lệ (%)):
   * `dryRun=true` answers the row report and writes nothing; otherwise every row is written, or none (400 with
   * the report) when a row is refused. How a session held before it was recorded gets its attendance.
   */
  @Post(':id/attendance-imports')
  @HttpCode(200)
  @RequirePolicy(Policy.TrainingManage)
  importAttendance(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ImportQueryDto,
    @Req() req: Request,
  ): Promise<AttendanceImportReport> {
    return receiveUpload(req, (file) =>
      this.imports.import(actor, id, file ? () => readAll(file.stream) : null, query.dryRun === 'true'),
    );
  }

  @Get(':id/attendance-sheet')
  @RequirePolicy(Policy.TrainingManage)
  async getSheet(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<StreamableFile> {
    const sheet = await this.sheets.get(actor, id);
    return new StreamableFile(sheet.stream, {
      type: sheet.contentType,
      length: sheet.size,
      disposition: `attachment; filename="diem-danh.${sheet.contentType === 'application/pdf' ? 'pdf' : 'jpg'}"`,
    });
  }
}
