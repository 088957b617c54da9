import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CertificatesService } from '@app/certificates';
import { Actor, DomainError, NotFoundError, PERMISSIONS } from '@app/common';
import { Policy, RolesService } from '@app/org';
import {
  ApproveExternalTrainingDto,
  CreateExternalTrainingDto,
  DecideExternalTrainingDto,
  EXTERNAL_TRAINING_STATUSES,
  ExternalTrainingService,
  ListExternalTrainingQueryDto,
} from '@app/training';
import { CurrentActor, PermissionGuard, RequirePermission, RequirePolicy, WebSessionGuard } from '../http/auth';
import { sendDownload } from '../http/send-download';
import { receiveUpload } from '../http/uploads';
import { uuidParam } from '../http/validation';
import { validateForm } from '../learning/authoring/authoring.page.model';
import { langOf, queryString, roleName } from '../web/page-helpers';
import { renderConfirm } from '../web/confirm';
import { translate } from '../web/i18n';
import '../certificates/certificates.messages';
import { myTrainingItems, recordModel, topicOptions } from './external-training.page.model';
import './external-training.messages';

const PAGE_SIZE = 50;
const FORM_FIELDS = ['title', 'organiser', 'startedOn', 'endedOn', 'hours', 'topics'] as const;
type Problem = { field: string; reason: string };

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(text) : typeof v === 'string' ? [v] : []);
/** A refusal of the input (bad field, too large, not a PDF or image) shown on the form instead of an error page. */
const inputProblem = (e: unknown): e is DomainError => e instanceof DomainError && [400, 413, 415].includes(e.status);
const problemsOf = (e: DomainError): Problem[] =>
  Array.isArray(e.details) ? (e.details as Problem[]) : [{ field: 'file', reason: e.message }];

/**
 * "My training" (a learner's certificates of courses and sessions and records of training done elsewhere, one list),
 * the form to record training done elsewhere, and the organisers' approvals: a queue of their subtrees' records,
 * a record's page with the approval form, and confirmation pages (danger style) to reject or revoke.
 */
@ApiExcludeController()
@Controller()
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class ExternalTrainingPageController {
  constructor(
    private readonly records: ExternalTrainingService,
    private readonly certificates: CertificatesService,
    private readonly roles: RolesService,
  ) {}

  @Get('my-training')
  async mine(@CurrentActor() actor: Actor, @Query('done') done: unknown, @Res() res: Response): Promise<void> {
    const lang = langOf(res);
    const [certificates, records] = await Promise.all([this.certificates.mine(actor), this.records.mine(actor)]);
    res.render('training/my-training', {
      title: translate(lang, 'ext.mine'),
      items: myTrainingItems(lang, certificates, records),
      done: done === 'created' ? translate(lang, 'ext.done.created') : null,
    });
  }

  @Get('my-training/external')
  form(@Res() res: Response): void {
    this.renderForm(res, 200, {}, []);
  }

  @Post('my-training/external')
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = Object.fromEntries(FORM_FIELDS.map((k) => [k, k === 'topics' ? list(body[k]) : text(body[k])]));
    const { dto, problems } = await validateForm(CreateExternalTrainingDto, form);
    if (problems.length) return this.renderForm(res, 400, form, problems);
    try {
      await receiveUpload(req, (file) => this.records.create(actor, dto, file));
    } catch (e) {
      if (!inputProblem(e)) throw e;
      return this.renderForm(res, e.status, form, problemsOf(e));
    }
    res.redirect(303, '/my-training?done=created');
  }

  @Get('external-training')
  @RequirePolicy(Policy.TrainingRecordRead)
  async queue(@CurrentActor() actor: Actor, @Query() raw: Record<string, unknown>, @Res() res: Response) {
    const lang = langOf(res);
    const status = raw.status === undefined ? 'pending' : text(raw.status);
    const q = text(raw.q).trim();
    const page = Math.max(1, Math.min(10_000, Number.parseInt(text(raw.page), 10) || 1));
    const { dto, problems } = await validateForm(ListExternalTrainingQueryDto, {
      ...(status ? { status } : {}),
      ...(q ? { q } : {}),
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const result = problems.length ? { total: 0, items: [] } : await this.records.list(actor, dto);
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    res.status(problems.length ? 400 : 200).render('training/external-queue', {
      title: translate(lang, 'ext.queue'),
      q,
      problems,
      statuses: EXTERNAL_TRAINING_STATUSES.map((s) => ({
        value: s,
        label: translate(lang, `ext.status.${s}`),
        selected: s === status,
      })),
      total: result.total,
      items: result.items.map((r) => recordModel(lang, r)),
      prevHref: page > 1 ? `/external-training${queryString({ status, q, page: page - 1 })}` : null,
      nextHref: page < pages ? `/external-training${queryString({ status, q, page: page + 1 })}` : null,
    });
  }

  @Get('external-training/:id')
  show(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query('done') done: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const message = ['approved', 'rejected', 'revoked'].includes(text(done)) ? `ext.done.${text(done)}` : null;
    return this.renderRecord(actor, id, res, 200, [], message);
  }

  @Get('external-training/:id/evidence')
  evidence(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    return this.records.evidence(actor, id).then((file) => sendDownload(file, res));
  }

  @Post('external-training/:id/approve')
  @RequirePolicy(Policy.TrainingRecordManage)
  async approve(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const roleIds = list(body.roleIds);
    const { dto, problems } = await validateForm(ApproveExternalTrainingDto, {
      ...(roleIds.length ? { roleIds } : {}),
      ...(text(body.expiresOn) ? { expiresOn: text(body.expiresOn) } : {}),
    });
    if (problems.length) return this.renderRecord(actor, id, res, 400, problems, null);
    try {
      await this.records.approve(actor, id, dto);
    } catch (e) {
      if (!inputProblem(e)) throw e;
      return this.renderRecord(actor, id, res, e.status, problemsOf(e), null);
    }
    res.redirect(303, `/external-training/${id}?done=approved`);
  }

  @Get('external-training/:id/reject')
  @RequirePolicy(Policy.TrainingRecordManage)
  confirmReject(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    return this.renderConfirm(actor, id, 'reject', res, 200, '', []);
  }

  @Get('external-training/:id/revoke')
  @RequirePolicy(Policy.TrainingRecordManage)
  confirmRevoke(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    return this.renderConfirm(actor, id, 'revoke', res, 200, '', []);
  }

  @Post('external-training/:id/reject')
  @RequirePolicy(Policy.TrainingRecordManage)
  reject(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    return this.decide(actor, id, 'reject', body, res);
  }

  @Post('external-training/:id/revoke')
  @RequirePolicy(Policy.TrainingRecordManage)
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    return this.decide(actor, id, 'revoke', body, res);
  }

  private async decide(
    actor: Actor,
    id: string,
    action: 'reject' | 'revoke',
    body: Record<string, unknown>,
    res: Response,
  ): Promise<void> {
    const reason = text(body.reason);
    const { dto, problems } = await validateForm(DecideExternalTrainingDto, { reason });
    if (problems.length) return this.renderConfirm(actor, id, action, res, 400, reason, problems);
    await (action === 'reject' ? this.records.reject(actor, id, dto) : this.records.revoke(actor, id, dto));
    res.redirect(303, `/external-training/${id}?done=${action === 'reject' ? 'rejected' : 'revoked'}`);
  }

  private renderForm(res: Response, status: number, form: Record<string, unknown>, problems: Problem[]): void {
    const lang = langOf(res);
    res.status(status).render('training/external-new', {
      title: translate(lang, 'ext.new'),
      form,
      topics: topicOptions(lang, list(form.topics)),
      problems,
    });
  }

  private async renderRecord(
    actor: Actor,
    id: string,
    res: Response,
    status: number,
    problems: Problem[],
    done: string | null,
  ): Promise<void> {
    const lang = langOf(res);
    const r = recordModel(lang, await this.records.get(actor, id));
    const canDecide = await this.records.canDecide(actor, id);
    const chosen = canDecide && r.isPending ? await this.records.defaultRoles(actor, id) : [];
    const roles = canDecide && r.isPending ? await this.roles.list({ includeRetired: false }) : [];
    res.status(status).render('training/external-show', {
      title: `${translate(lang, 'ext.record')}: ${r.title}`,
      r,
      canDecide,
      roles: roles.map((role) => ({ id: role.id, label: roleName(role, lang), checked: chosen.includes(role.id) })),
      problems,
      done: done ? translate(lang, done) : null,
    });
  }

  private async renderConfirm(
    actor: Actor,
    id: string,
    action: 'reject' | 'revoke',
    res: Response,
    status: number,
    reason: string,
    problems: Problem[],
  ): Promise<void> {
    const lang = langOf(res);
    if (!(await this.records.canDecide(actor, id))) throw new NotFoundError(`record ${id} not found`);
    const r = recordModel(lang, await this.records.get(actor, id));
    renderConfirm(
      res,
      {
        title: translate(lang, `ext.${action}`),
        subject: `${r.personName} · ${r.title} · ${r.dates}`,
        consequences: [translate(lang, `ext.${action}.confirm`)],
        action: `/external-training/${id}/${action}`,
        button: translate(lang, `ext.${action}`),
        backHref: r.href,
        reason: { label: translate(lang, 'ext.reason.label'), value: reason },
        problems: problems.map((p) => ({ field: 'reason', reason: p.reason })),
      },
      status,
    );
  }
}
