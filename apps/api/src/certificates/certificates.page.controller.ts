import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  CERTIFICATE_STATUSES,
  CertificatesService,
  ListCertificatesQueryDto,
  MistypedCodeError,
  RevokeCertificateDto,
  VerificationService,
} from '@app/certificates';
import { Actor, NotFoundError, PERMISSIONS, TooManyAttemptsError, ValidationError } from '@app/common';
import { Policy } from '@app/org';
import { CurrentActor, PermissionGuard, RequirePermission, RequirePolicy, WebSessionGuard } from '../http/auth';
import { Public } from '../http/public.decorator';
import { uuidParam } from '../http/validation';
import { validateForm } from '../learning/authoring/authoring.page.model';
import { langOf, queryString } from '../web/page-helpers';
import { renderConfirm } from '../web/confirm';
import { translate } from '../web/i18n';
import { certificateModel, verificationModel } from './certificates.page.model';
import { sendCertificatePdf } from './send-certificate-pdf';
import './certificates.messages';

const PAGE_SIZE = 50;

/**
 * The public verification pages, made for a phone (people open them from the QR code): `/verify` (type a code)
 * and `/verify/:code`. An unknown code is a 404 page that says so; a mistyped one says "check the code".
 */
@ApiExcludeController()
@Public()
@Controller('verify')
export class VerifyPageController {
  constructor(private readonly verification: VerificationService) {}

  @Get()
  form(@Query('code') code: unknown, @Res() res: Response): void {
    if (typeof code === 'string' && code.trim()) return res.redirect(303, `/verify/${encodeURIComponent(code.trim())}`);
    res.render('certificates/verify', { title: translate(langOf(res), 'cert.verify.title'), code: '' });
  }

  @Get(':code')
  async verify(@Param('code') code: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = langOf(res);
    const page = { title: translate(lang, 'cert.verify.title'), code: code.slice(0, 60) };
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex');
    try {
      const result = await this.verification.verify(code, req.ip ?? 'unknown');
      res.render('certificates/verify', { ...page, result: verificationModel(lang, result) });
    } catch (e) {
      const [status, key] =
        e instanceof MistypedCodeError
          ? [400, 'cert.verify.mistyped']
          : e instanceof ValidationError
            ? [400, 'cert.verify.malformed']
            : e instanceof NotFoundError
              ? [404, 'cert.verify.unknown']
              : e instanceof TooManyAttemptsError
                ? [429, 'cert.verify.tooMany']
                : [0, ''];
      if (!status) throw e;
      if (status === 429) {
        const seconds = (e as TooManyAttemptsError).details as { retryAfterSeconds?: number } | undefined;
        if (seconds?.retryAfterSeconds) res.setHeader('Retry-After', String(seconds.retryAfterSeconds));
      }
      res.status(status).render('certificates/verify', { ...page, problem: translate(lang, key) });
    }
  }
}

/**
 * The signed-in certificate pages: `/my/certificates`, `/certificates` (organisers' and agencies' list with
 * filters), `/certificates/:id` (with the PDF and, for managers, the revoke and re-issue forms: each a confirmation
 * page, so a destructive action is never one click).
 */
@ApiExcludeController()
@Controller()
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class CertificatesPageController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get('my/certificates')
  async mine(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const lang = langOf(res);
    const items = (await this.certificates.mine(actor)).map((c) => certificateModel(lang, c));
    res.render('certificates/mine', { title: translate(lang, 'cert.mine'), items });
  }

  @Get('certificates')
  @RequirePolicy(Policy.CertificateRead)
  async list(@CurrentActor() actor: Actor, @Query() raw: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const lang = langOf(res);
    const form = Object.fromEntries(
      ['q', 'unitId', 'courseId', 'status', 'from', 'to', 'page'].map((k) => [
        k,
        typeof raw[k] === 'string' ? raw[k] : '',
      ]),
    );
    const page = Math.max(1, Math.min(10_000, Number.parseInt(form.page, 10) || 1));
    const filters = Object.fromEntries(Object.entries(form).filter(([k, v]) => v !== '' && k !== 'page'));
    const { dto, problems } = await validateForm(ListCertificatesQueryDto, {
      ...filters,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const result = problems.length === 0 ? await this.certificates.list(actor, dto) : { total: 0, items: [] };
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    res.status(problems.length ? 400 : 200).render('certificates/list', {
      title: translate(lang, 'cert.list'),
      form,
      problems,
      statuses: CERTIFICATE_STATUSES.map((s) => ({
        value: s,
        label: translate(lang, `cert.status.${s}`),
        selected: s === form.status,
      })),
      total: result.total,
      items: result.items.map((c) => certificateModel(lang, c)),
      prevHref: page > 1 ? `/certificates${queryString({ ...filters, page: page - 1 })}` : null,
      nextHref: page < pages ? `/certificates${queryString({ ...filters, page: page + 1 })}` : null,
      page,
      pages,
    });
  }

  @Get('certificates/:id')
  async show(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query('done') done: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(res);
    const c = certificateModel(lang, await this.certificates.get(actor, id));
    res.render('certificates/show', {
      title: `${translate(lang, 'cert.title')} ${c.serial}`,
      c,
      canManage: await this.certificates.canManage(actor, id),
      done: done === 'revoked' || done === 'reissued' ? translate(lang, `cert.done.${done}`) : null,
    });
  }

  @Get('certificates/:id/pdf')
  pdf(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response): Promise<void> {
    return sendCertificatePdf(this.certificates, actor, id, res);
  }

  @Get('certificates/:id/revoke')
  @RequirePolicy(Policy.CertificateManage)
  confirmRevoke(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    return this.renderConfirm(actor, id, 'revoke', res, 200, '', []);
  }

  @Get('certificates/:id/reissue')
  @RequirePolicy(Policy.CertificateManage)
  confirmReissue(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    return this.renderConfirm(actor, id, 'reissue', res, 200, '', []);
  }

  @Post('certificates/:id/revoke')
  @RequirePolicy(Policy.CertificateManage)
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    return this.act(actor, id, 'revoke', body, res);
  }

  @Post('certificates/:id/reissue')
  @RequirePolicy(Policy.CertificateManage)
  reissue(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    return this.act(actor, id, 'reissue', body, res);
  }

  private async act(
    actor: Actor,
    id: string,
    action: 'revoke' | 'reissue',
    body: Record<string, unknown>,
    res: Response,
  ): Promise<void> {
    const reason = typeof body.reason === 'string' ? body.reason : '';
    const { dto, problems } = await validateForm(RevokeCertificateDto, { reason });
    if (problems.length) return this.renderConfirm(actor, id, action, res, 400, reason, problems);
    if (action === 'revoke') {
      await this.certificates.revoke(actor, id, dto);
      return res.redirect(303, `/certificates/${id}?done=revoked`);
    }
    const created = await this.certificates.reissue(actor, id, dto);
    res.redirect(303, `/certificates/${created.id}?done=reissued`);
  }

  private async renderConfirm(
    actor: Actor,
    id: string,
    action: 'revoke' | 'reissue',
    res: Response,
    status: number,
    reason: string,
    problems: Array<{ field: string; reason: string }>,
  ): Promise<void> {
    const lang = langOf(res);
    if (!(await this.certificates.canManage(actor, id))) throw new NotFoundError(`certificate ${id} not found`);
    const c = certificateModel(lang, await this.certificates.get(actor, id));
    renderConfirm(
      res,
      {
        title: translate(lang, `cert.${action}`),
        subject: `${c.personName} · ${c.title} · ${translate(lang, 'cert.serial')} ${c.serial}`,
        consequences: [translate(lang, `cert.${action}.confirm`)],
        action: `/certificates/${id}/${action}`,
        button: translate(lang, `cert.${action}.button`),
        backHref: c.href,
        reason: { label: translate(lang, 'cert.reason.label'), value: reason },
        problems: problems.map((p) => ({ field: 'reason', reason: p.reason })),
      },
      status,
    );
  }
}
