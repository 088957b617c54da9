import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { Actor, ValidationError } from '@app/common';
import { HEADCOUNT_FIRST_YEAR, HEADCOUNT_LAST_YEAR, HeadcountQueryDto, HeadcountsService, Policy } from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../http/auth';
import { uuidParam } from '../http/validation';
import { Lang, LANGS } from '../web/i18n';
import {
  FieldProblem,
  HeadcountForm,
  headcountsPageModel,
  parseHeadcountForm,
  readHeadcountForm,
} from './headcounts.page.model';
import { langOf } from '../web/page-helpers';
import './org-pages.messages';

export class HeadcountsPageQueryDto extends HeadcountQueryDto {
  @IsOptional()
  @IsIn(['saved', 'unchanged'])
  done?: string;

  @IsOptional()
  @IsIn(LANGS)
  lang?: Lang;
}

/** /units/:id/headcounts: the declaration form (organisers) or the figures (agencies). POST → 303; errors beside the fields. */
@ApiExcludeController()
@Controller('units/:id/headcounts')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.RosterRead)
export class HeadcountsPageController {
  constructor(private readonly headcounts: HeadcountsService) {}

  @Get()
  async show(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: HeadcountsPageQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const model = await this.model(actor, id, query.year, langOf(res), { done: query.done });
    res.render('org/headcounts', model);
  }

  @Post()
  @RequirePolicy(Policy.RosterWrite)
  async declare(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(res);
    const form = readHeadcountForm(body);
    const parsed = parseHeadcountForm(form, lang);
    if (Array.isArray(parsed)) return this.showProblems(res, actor, id, form, parsed);
    if (parsed.items.length > 0) {
      try {
        await this.headcounts.declare(actor, id, parsed.year, { items: parsed.items });
      } catch (e) {
        // Unknown or retired roles belong beside the form; scope and other errors go to the error filter.
        if (!(e instanceof ValidationError)) throw e;
        return this.showProblems(res, actor, id, form, this.formProblems(e, parsed.items));
      }
    }
    const done = parsed.items.length > 0 ? 'saved' : 'unchanged';
    res.redirect(303, `/units/${id}/headcounts?year=${parsed.year}&done=${done}`);
  }

  private formProblems(e: ValidationError, items: Array<{ roleId: string }>): FieldProblem[] {
    const details = Array.isArray(e.details) ? (e.details as FieldProblem[]) : [];
    if (details.length === 0) return [{ field: 'form', reason: e.message }];
    return details.map((d) => {
      const index = /^items\.(\d+)\./.exec(d.field)?.[1];
      const item = index === undefined ? undefined : items[Number(index)];
      return { field: item ? `h_${item.roleId}` : d.field, reason: d.reason };
    });
  }

  private async showProblems(
    res: Response,
    actor: Actor,
    id: string,
    form: HeadcountForm,
    problems: FieldProblem[],
  ): Promise<void> {
    const year = Number(form.year);
    const shown =
      Number.isInteger(year) && year >= HEADCOUNT_FIRST_YEAR && year <= HEADCOUNT_LAST_YEAR ? year : undefined;
    res.status(400).render('org/headcounts', await this.model(actor, id, shown, langOf(res), { form, problems }));
  }

  private async model(
    actor: Actor,
    id: string,
    year: number | undefined,
    lang: Lang,
    extra: { done?: string; form?: HeadcountForm; problems?: FieldProblem[] },
  ): Promise<Record<string, unknown>> {
    const figures = await this.headcounts.forUnit(actor, id, { year });
    const [changes, canDeclare] = await Promise.all([
      this.headcounts.history(actor, id, figures.year),
      this.headcounts.canDeclare(actor, id),
    ]);
    return headcountsPageModel({ figures, changes, canDeclare, lang, ...extra });
  }
}
