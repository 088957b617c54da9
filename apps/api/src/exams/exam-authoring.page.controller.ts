import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { Actor, DomainError } from '@app/common';
import {
  CreateExamDto,
  CreateQuestionDto,
  ExamResultsService,
  ExamsService,
  ListQuestionsQueryDto,
  QuestionsService,
  UpdateExamDto,
  UpdateQuestionDto,
} from '@app/exams';
import { AUTHORS, CoursesService } from '@app/learning';
import { CurrentActor, PermissionGuard, RequirePermission, WebSessionGuard } from '../http/auth';
import { uuidParam } from '../http/validation';
import { FieldProblem, problemsOf, validateForm } from '../learning/authoring/authoring.page.model';
import { langOf, PageNumberQueryDto } from '../web/page-helpers';
import { translate } from '../web/i18n';
import {
  emptyExamForm,
  emptyQuestionForm,
  ExamForm,
  examFields,
  examForm,
  examFormBody,
  examRow,
  QuestionForm,
  questionFields,
  questionForm,
  questionFormBody,
  questionRow,
  readExamForm,
  readQuestionForm,
  resultsModel,
  RESULTS_PAGE_SIZE,
  shownProblems,
} from './exam-authoring.page.model';
import './exams.messages';
import './exam-authoring.messages';

const DONE = ['created', 'saved'] as const;
export class DoneQueryDto extends PageNumberQueryDto {
  @IsOptional()
  @IsIn(DONE)
  done?: (typeof DONE)[number];
}

const BANK_PAGE_SIZE = 100;
const isFormProblem = (e: unknown): e is DomainError => e instanceof DomainError && [400, 409].includes(e.status);

/**
 * Organiser pages for a course's exams (minimal, no JavaScript): /authoring/courses/:id/exams (list and a new exam
 * drawn per topic), /authoring/exams/:id (settings) and /results (attempts by people in the organiser's subtree),
 * /authoring/courses/:id/questions (the bank and a new question of any of the four types), /authoring/questions/:id.
 * Same services as the API; refusals are shown above the form (400/409), anything else goes to the error page.
 */
@ApiExcludeController()
@Controller('authoring')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePermission(...AUTHORS)
export class ExamAuthoringPageController {
  constructor(
    private readonly exams: ExamsService,
    private readonly questions: QuestionsService,
    private readonly results: ExamResultsService,
    private readonly courses: CoursesService,
  ) {}

  // ---- exams ----

  @Get('courses/:id/exams')
  async examList(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    await this.renderExams(res, actor, id, emptyExamForm(), [], 200);
  }

  @Post('courses/:id/exams')
  async createExam(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const form = readExamForm(body);
    const { dto, problems } = await validateForm(CreateExamDto, examFormBody(form));
    if (problems.length > 0) return this.renderExams(res, actor, id, form, problems, 400);
    try {
      const exam = await this.exams.create(actor, id, dto);
      res.redirect(303, `/authoring/exams/${exam.id}?done=created`);
    } catch (e) {
      if (!isFormProblem(e)) throw e;
      await this.renderExams(res, actor, id, form, problemsOf(e), e.status);
    }
  }

  @Get('exams/:id')
  async exam(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: DoneQueryDto,
    @Res() res: Response,
  ) {
    await this.renderExam(res, actor, id, { done: query.done });
  }

  @Post('exams/:id')
  async updateExam(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const form = readExamForm(body);
    const { dto, problems } = await validateForm(UpdateExamDto, examFormBody(form));
    if (problems.length > 0) return this.renderExam(res, actor, id, { form, problems, status: 400 });
    try {
      await this.exams.update(actor, id, dto);
      res.redirect(303, `/authoring/exams/${id}?done=saved`);
    } catch (e) {
      if (!isFormProblem(e)) throw e;
      await this.renderExam(res, actor, id, { form, problems: problemsOf(e), status: e.status });
    }
  }

  @Get('exams/:id/results')
  async examResults(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: PageNumberQueryDto,
    @Res() res: Response,
  ) {
    const page = query.page ?? 1;
    const exam = await this.exams.get(actor, id);
    const results = await this.results.list(actor, id, {
      limit: RESULTS_PAGE_SIZE,
      offset: (page - 1) * RESULTS_PAGE_SIZE,
    });
    res.render('exams/authoring-results', resultsModel(results, page, exam.courseId));
  }

  // ---- questions ----

  @Get('courses/:id/questions')
  async bank(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: DoneQueryDto,
    @Res() res: Response,
  ) {
    await this.renderBank(res, actor, id, { page: query.page ?? 1, done: query.done });
  }

  @Post('courses/:id/questions')
  async createQuestion(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const form = readQuestionForm(body);
    const { dto, problems } = await validateForm(CreateQuestionDto, questionFormBody(form));
    if (problems.length > 0) return this.renderBank(res, actor, id, { form, problems, status: 400 });
    try {
      await this.questions.create(actor, id, dto);
      res.redirect(303, `/authoring/courses/${id}/questions?done=created`);
    } catch (e) {
      if (!isFormProblem(e)) throw e;
      await this.renderBank(res, actor, id, { form, problems: problemsOf(e), status: e.status });
    }
  }

  @Get('questions/:id')
  async question(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: DoneQueryDto,
    @Res() res: Response,
  ) {
    await this.renderQuestion(res, actor, id, { done: query.done });
  }

  @Post('questions/:id')
  async updateQuestion(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const form = readQuestionForm(body);
    const { dto, problems } = await validateForm(UpdateQuestionDto, questionFormBody(form));
    if (problems.length > 0) return this.renderQuestion(res, actor, id, { form, problems, status: 400 });
    try {
      await this.questions.update(actor, id, dto);
      res.redirect(303, `/authoring/questions/${id}?done=saved`);
    } catch (e) {
      if (!isFormProblem(e)) throw e;
      await this.renderQuestion(res, actor, id, { form, problems: problemsOf(e), status: e.status });
    }
  }

  // ---- rendering ----

  private async renderExams(
    res: Response,
    actor: Actor,
    courseId: string,
    form: ExamForm,
    problems: FieldProblem[],
    status: number,
  ): Promise<void> {
    const lang = langOf(res);
    const [course, exams] = await Promise.all([this.courses.get(actor, courseId), this.exams.list(actor, courseId)]);
    res.status(status).render('exams/authoring-exams', {
      title: `${translate(lang, 'xa.exams')} · ${course.title}`,
      course: { id: course.id, title: course.title, code: course.code, finalExam: course.finalExam },
      exams: exams.map(examRow),
      action: `/authoring/courses/${course.id}/exams`,
      form: examFields(lang, form),
      problems: shownProblems(problems),
    });
  }

  private async renderExam(
    res: Response,
    actor: Actor,
    id: string,
    o: { form?: ExamForm; problems?: FieldProblem[]; status?: number; done?: string },
  ): Promise<void> {
    const lang = langOf(res);
    const exam = await this.exams.get(actor, id);
    const course = await this.courses.get(actor, exam.courseId);
    res.status(o.status ?? 200).render('exams/authoring-exams', {
      title: exam.title,
      editing: examRow(exam),
      action: `/authoring/exams/${exam.id}`,
      course: { id: course.id, title: course.title, code: course.code, finalExam: course.finalExam },
      fixed: exam.drawMode === 'fixed',
      form: examFields(lang, o.form ?? examForm(exam)),
      problems: shownProblems(o.problems ?? []),
      doneKey: o.done ? `xa.done.${o.done}` : null,
    });
  }

  private async renderBank(
    res: Response,
    actor: Actor,
    courseId: string,
    o: { page?: number; form?: QuestionForm; problems?: FieldProblem[]; status?: number; done?: string },
  ): Promise<void> {
    const lang = langOf(res);
    const page = o.page ?? 1;
    const course = await this.courses.get(actor, courseId);
    const list = await this.questions.list(
      actor,
      courseId,
      Object.assign(new ListQuestionsQueryDto(), { limit: BANK_PAGE_SIZE, offset: (page - 1) * BANK_PAGE_SIZE }),
    );
    const last = Math.max(1, Math.ceil(list.total / BANK_PAGE_SIZE));
    const href = (n: number) => `/authoring/courses/${courseId}/questions${n > 1 ? `?page=${n}` : ''}`;
    res.status(o.status ?? 200).render('exams/authoring-bank', {
      title: `${translate(lang, 'xa.bank')} · ${course.title}`,
      course: { id: course.id, title: course.title, code: course.code },
      total: list.total,
      items: list.items.map((q) => questionRow(lang, q, courseId)),
      action: `/authoring/courses/${courseId}/questions`,
      prevHref: page > 1 ? href(page - 1) : null,
      nextHref: page < last ? href(page + 1) : null,
      form: questionFields(lang, o.form ?? emptyQuestionForm()),
      problems: shownProblems(o.problems ?? []),
      doneKey: o.done ? `xa.done.${o.done}` : null,
    });
  }

  private async renderQuestion(
    res: Response,
    actor: Actor,
    id: string,
    o: { form?: QuestionForm; problems?: FieldProblem[]; status?: number; done?: string },
  ): Promise<void> {
    const lang = langOf(res);
    const q = await this.questions.get(actor, id);
    res.status(o.status ?? 200).render('exams/authoring-bank', {
      title: q.name,
      editing: { ...q, typeKey: `xa.type.${q.type}` },
      action: `/authoring/questions/${q.id}`,
      course: { id: q.courseId },
      form: questionFields(lang, o.form ?? questionForm(q)),
      problems: shownProblems(o.problems ?? []),
      doneKey: o.done ? `xa.done.${o.done}` : null,
    });
  }
}
