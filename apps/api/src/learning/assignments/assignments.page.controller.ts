import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { Response } from 'express';
import {
  Actor,
  Clock,
  ConflictError,
  DomainError,
  ForbiddenError,
  cleanLine,
  isCalendarDate,
  ValidationError,
} from '@app/common';
import {
  AssignmentProgressQueryDto,
  AssignmentProgressService,
  AssignmentsService,
  ListAssignmentsQueryDto,
} from '@app/learning';
import { admits, firstScopeFor, OrgUnitsService, Policy, RolesService } from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../../http/auth';
import { uuidParam } from '../../http/validation';
import { PageQueryDto, langOf } from '../../web/page-helpers';
import { Lang, translate } from '../../web/i18n';
import { renderConfirm } from '../../web/confirm';
import { parseDay } from '../../web/format';
import {
  AssignmentForm,
  assignmentModel,
  assignmentsListModel,
  cancelConfirmModel,
  FieldProblem,
  PAGE_SIZE,
} from './assignments.page.model';
import './assignments.messages';

export class AssignmentsPageQueryDto extends PageQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @IsOptional()
  @IsIn(['cancelled'])
  done?: string;
}

export class AssignmentPageQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @IsOptional()
  @IsIn(['created'])
  done?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (v: unknown): string => (typeof v === 'string' ? cleanLine(v) : '');

/** The form fields as posted: checkboxes arrive as a string (one) or an array (several). */
function readForm(body: Record<string, unknown>): AssignmentForm {
  const roles = body.roleIds;
  const roleIds = (Array.isArray(roles) ? roles : roles === undefined ? [] : [roles]).map(text).filter(Boolean);
  // the due date is typed dd/mm/yyyy on Vietnamese pages (a text field: no mm/dd/yyyy from the browser's locale)
  return {
    courseId: text(body.courseId),
    unitCode: text(body.unitCode),
    roleIds,
    dueDate: parseDay(text(body.dueDate)),
  };
}

/**
 * /assignments: the assignments in scope and the "new assignment" form; /assignments/:id: one assignment with its
 * enrol job and progress by unit (drill down with ?unitId=). POST → 303; refused forms are shown again with the
 * problems beside the fields.
 */
@ApiExcludeController()
@Controller('assignments')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.AssignmentRead)
export class AssignmentsPageController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly progressView: AssignmentProgressService,
    private readonly units: OrgUnitsService,
    private readonly roles: RolesService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async index(
    @CurrentActor() actor: Actor,
    @Query() query: AssignmentsPageQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const form: AssignmentForm = {
      courseId: '',
      unitCode: await this.defaultUnitCode(actor),
      roleIds: [],
      dueDate: '',
    };
    res.render(
      'learning/assignments/index',
      await this.listModel(actor, langOf(res), form, [], query.page ?? 1, query.done),
    );
  }

  @Post()
  @RequirePolicy(Policy.AssignmentManage)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(res);
    const form = readForm(body);
    const problems: FieldProblem[] = [];
    const need = (field: keyof AssignmentForm, ok: boolean, key: string): void => {
      if (!ok) problems.push({ field, reason: translate(lang, key) });
    };
    need('courseId', UUID.test(form.courseId), 'assign.e.required');
    need('roleIds', form.roleIds.length > 0 && form.roleIds.every((r) => UUID.test(r)), 'assign.e.role');
    need('dueDate', isCalendarDate(form.dueDate), form.dueDate ? 'assign.e.date' : 'assign.e.required');
    if (isCalendarDate(form.dueDate)) need('dueDate', form.dueDate >= this.clock.today(), 'assign.e.past');
    const unit = form.unitCode ? await this.assignments.unitByCode(form.unitCode) : null;
    need('unitCode', !!unit, form.unitCode ? 'assign.e.unknownUnit' : 'assign.e.required');
    if (problems.length > 0 || !unit) return this.refuse(res, actor, lang, form, problems, 400);
    try {
      const created = await this.assignments.create(actor, {
        courseId: form.courseId,
        unitId: unit.id,
        roleIds: form.roleIds,
        dueDate: form.dueDate,
      });
      res.redirect(303, `/assignments/${created.id}?done=created`);
    } catch (e) {
      if (!(e instanceof ValidationError || e instanceof ConflictError || e instanceof ForbiddenError)) throw e;
      return this.refuse(res, actor, lang, form, this.problemsOf(e, lang), e.status);
    }
  }

  @Get(':id')
  async show(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: AssignmentPageQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const assignment = await this.assignments.get(actor, id);
    const progress = await this.progressView.progress(
      actor,
      id,
      Object.assign(new AssignmentProgressQueryDto(), { unitId: query.unitId }),
    );
    const canCancel = await this.units.canActOn(actor, assignment.unitId, Policy.AssignmentManage);
    res.render(
      'learning/assignments/show',
      assignmentModel({ lang: langOf(res), assignment, progress, canCancel, done: query.done }),
    );
  }

  /** The confirmation page of the cancel: how many people stop being assigned, and what stays. */
  @Get(':id/cancel')
  @RequirePolicy(Policy.AssignmentManage)
  async confirmCancel(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(res);
    const a = await this.assignments.get(actor, id);
    if (!(await this.units.canActOn(actor, a.unitId, Policy.AssignmentManage))) {
      throw new ForbiddenError('only organisers of the unit may cancel the assignment');
    }
    if (a.status !== 'active') throw new ConflictError('the assignment is already cancelled');
    const progress = await this.progressView.progress(actor, id, new AssignmentProgressQueryDto());
    renderConfirm(res, cancelConfirmModel(lang, a, progress.totals));
  }

  @Post(':id/cancel')
  @RequirePolicy(Policy.AssignmentManage)
  async cancel(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.assignments.cancel(actor, id);
    res.redirect(303, `/assignments?done=cancelled`);
  }

  private problemsOf(e: DomainError, lang: Lang): FieldProblem[] {
    if (e instanceof ForbiddenError) return [{ field: 'unitCode', reason: translate(lang, 'assign.e.outside') }];
    const details = Array.isArray(e.details) ? (e.details as Array<{ field: string; reason: string }>) : [];
    const fields: Record<string, FieldProblem['field']> = {
      courseId: 'courseId',
      unitId: 'unitCode',
      roleIds: 'roleIds',
      dueDate: 'dueDate',
    };
    const mapped = details.map((d) => ({ field: fields[d.field] ?? 'form', reason: d.reason }));
    return mapped.length > 0 ? mapped : [{ field: 'form', reason: e.message }];
  }

  private async refuse(
    res: Response,
    actor: Actor,
    lang: Lang,
    form: AssignmentForm,
    problems: FieldProblem[],
    status: number,
  ): Promise<void> {
    res.status(status).render('learning/assignments/index', await this.listModel(actor, lang, form, problems, 1));
  }

  private async listModel(
    actor: Actor,
    lang: Lang,
    form: AssignmentForm,
    problems: FieldProblem[],
    page: number,
    done?: string,
  ): Promise<Record<string, unknown>> {
    const canAssign = admits(actor, Policy.AssignmentManage);
    const [list, courses, roles] = await Promise.all([
      this.assignments.list(
        actor,
        Object.assign(new ListAssignmentsQueryDto(), { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      ),
      canAssign ? this.assignments.assignableCourses(actor) : Promise.resolve([]),
      canAssign ? this.roles.list({ includeRetired: false }) : Promise.resolve([]),
    ]);
    return assignmentsListModel({
      lang,
      canAssign,
      courses,
      roles,
      form,
      problems,
      today: this.clock.today(),
      done,
      page: { number: page, ...list },
    });
  }

  /** The unit of the caller's first organiser/admin grant: where most assignments go. */
  private async defaultUnitCode(actor: Actor): Promise<string> {
    const grantScope = firstScopeFor(actor, Policy.AssignmentManage);
    if (!grantScope) return '';
    const [unit] = await this.units.findByIds([grantScope]);
    return unit?.code ?? '';
  }
}
