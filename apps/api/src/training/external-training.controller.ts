import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, PERMISSIONS } from '@app/common';
import { Policy } from '@app/org';
import {
  ApproveExternalTrainingDto,
  CreateExternalTrainingDto,
  DecideExternalTrainingDto,
  ExternalTrainingListResponse,
  ExternalTrainingResponse,
  ExternalTrainingService,
  ListExternalTrainingQueryDto,
} from '@app/training';
import { ApiAuthGuard, CurrentActor, PermissionGuard, RequirePermission, RequirePolicy } from '../http/auth';
import { sendDownload } from '../http/send-download';
import { receiveUpload } from '../http/uploads';
import { uuidParam } from '../http/validation';

/**
 * Training done elsewhere: a learner records their own (an organiser one for a person of their subtree) with the
 * evidence; organisers of the person's unit approve it for roles, reject or revoke it with a reason. Records are
 * seen by their person and by readers over the person's unit (404 for others); a decision by someone who does not
 * manage the person is 403.
 */
@ApiTags('training')
@ApiBearerAuth()
@Controller('api/v1')
@UseGuards(ApiAuthGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class ExternalTrainingController {
  constructor(private readonly records: ExternalTrainingService) {}

  /**
   * multipart/form-data: the fields first, then the evidence in `file` (PDF, JPEG or PNG by content, ≤ 10 MB;
   * 415 for anything else). Pending until an organiser decides.
   */
  @Post('external-training')
  @ApiConsumes('multipart/form-data')
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateExternalTrainingDto,
    @Req() req: Request,
  ): Promise<ExternalTrainingResponse> {
    return receiveUpload(req, (file) => this.records.create(actor, dto, file));
  }

  /** Records of people of the caller's subtrees (by their current unit), newest first; filter by status and unit. */
  @Get('external-training')
  @RequirePolicy(Policy.TrainingRecordRead)
  list(@CurrentActor() actor: Actor, @Query() q: ListExternalTrainingQueryDto): Promise<ExternalTrainingListResponse> {
    return this.records.list(actor, q);
  }

  /** The caller's own records. */
  @Get('me/external-training')
  mine(@CurrentActor() actor: Actor): Promise<ExternalTrainingResponse[]> {
    return this.records.mine(actor);
  }

  @Get('external-training/:id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<ExternalTrainingResponse> {
    return this.records.get(actor, id);
  }

  /** The evidence as uploaded (inline for PDF and images, sandboxed). */
  @Get('external-training/:id/evidence')
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  evidence(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    return this.records.evidence(actor, id).then((file) => sendDownload(file, res));
  }

  /** Approves for `roleIds` (default: the person's roles today) from today until `expiresOn`. 409 when decided. */
  @Post('external-training/:id/approve')
  @HttpCode(200)
  @RequirePolicy(Policy.TrainingRecordManage)
  approve(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ApproveExternalTrainingDto,
  ): Promise<ExternalTrainingResponse> {
    return this.records.approve(actor, id, dto);
  }

  /** Rejects a pending record (reason required). 409 when already decided. */
  @Post('external-training/:id/reject')
  @HttpCode(200)
  @RequirePolicy(Policy.TrainingRecordManage)
  reject(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: DecideExternalTrainingDto,
  ): Promise<ExternalTrainingResponse> {
    return this.records.reject(actor, id, dto);
  }

  /** Withdraws an approval from today (reason required). 409 unless approved. */
  @Post('external-training/:id/revoke')
  @HttpCode(200)
  @RequirePolicy(Policy.TrainingRecordManage)
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: DecideExternalTrainingDto,
  ): Promise<ExternalTrainingResponse> {
    return this.records.revoke(actor, id, dto);
  }
}
