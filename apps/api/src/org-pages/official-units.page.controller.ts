import { Body, Controller, Get, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, cleanLine, Clock, isCalendarDate, ValidationError } from '@app/common';
import { OfficialLoadReport, officialList, OfficialUnitsService, Policy } from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../http/auth';
import { Lang, translate } from '../web/i18n';
import { langOf } from '../web/page-helpers';
import './org-pages.messages';

const SHOWN = 200;
const MODES = ['dry_run', 'apply'] as const;
type Mode = (typeof MODES)[number];

interface OfficialForm {
  province: string;
  effectiveFrom: string;
}

/**
 * /units/official: the official administrative units (data/units) for administrators of the whole country.
 * Dry run → the report (what would be created or renamed, what is not in the list) → apply (audited) → the report.
 */
@ApiExcludeController()
@Controller('units/official')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.OfficialUnitsLoad)
export class OfficialUnitsPageController {
  constructor(
    private readonly official: OfficialUnitsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async form(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const form = { province: '', effectiveFrom: this.clock.today() };
    await this.official.assertMayLoad(actor);
    res.render('org/official-units', this.model(langOf(res), form));
  }

  @Post()
  @HttpCode(200)
  async run(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const lang = langOf(res);
    const text = (v: unknown) => (typeof v === 'string' ? cleanLine(v) : '');
    const form: OfficialForm = { province: text(body.province), effectiveFrom: text(body.effectiveFrom) };
    const mode: Mode = MODES.find((m) => m === body.mode) ?? 'dry_run';
    await this.official.assertMayLoad(actor);
    if (!isCalendarDate(form.effectiveFrom)) {
      return this.problem(res, lang, form, translate(lang, 'official.badDate'));
    }
    try {
      const report = await this.official.load(actor, {
        province: form.province || undefined,
        effectiveFrom: form.effectiveFrom,
        dryRun: mode === 'dry_run',
      });
      res.render('org/official-units', { ...this.model(lang, form), report: reportModel(report) });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return this.problem(res, lang, form, e.message);
    }
  }

  private problem(res: Response, lang: Lang, form: OfficialForm, problem: string): void {
    res.status(400).render('org/official-units', { ...this.model(lang, form), problem });
  }

  private model(lang: Lang, form: OfficialForm): Record<string, unknown> {
    return {
      title: translate(lang, 'official.title'),
      form,
      provinces: officialList().provinces.map((p) => ({
        code: p.code,
        name: p.name,
        selected: p.code === form.province,
      })),
    };
  }
}

function reportModel(r: OfficialLoadReport): Record<string, unknown> {
  const cut = <T>(items: T[]) => ({ items: items.slice(0, SHOWN), total: items.length, more: items.length > SHOWN });
  return {
    ...r,
    createdProvinces: r.created.filter((c) => c.level === 'province').length,
    createdCommunes: r.created.filter((c) => c.level === 'commune').length,
    createdList: cut(r.created),
    renamedList: cut(r.renamed),
    adoptedList: cut(r.adopted),
    conflictList: cut(r.conflicts),
    elsewhereList: cut(r.elsewhere),
    notInListList: cut(r.notInList),
    changes: r.created.length + r.renamed.length + r.adopted.length,
  };
}
