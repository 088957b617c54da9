import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, ConflictError, ForbiddenError, PERMISSIONS, ValidationError } from '@app/common';
import { AttemptResponse, AttemptsService, LearnerExamsService, SaveAnswerDto, SavedAnswerResponse } from '@app/exams';
import { CurrentActor, PermissionGuard, RequirePermission, WebSessionGuard } from '../http/auth';
import { uuidParam } from '../http/validation';
import { validateForm } from '../learning/authoring/authoring.page.model';
import { langOf, PageNumberQueryDto } from '../web/page-helpers';
import { translate } from '../web/i18n';
import {
  attemptPageModel,
  examStartModel,
  pageCount,
  QUESTIONS_PER_PAGE,
  resultModel,
  reviewModel,
  submitModel,
} from './exam.page.model';
import './exams.messages';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : typeof v === 'string' ? [v] : []);
const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

/** What the page form says for one question; null when it says the same as what is saved. */
function formAnswer(
  q: AttemptResponse['questions'][number],
  body: Record<string, unknown>,
): Record<string, unknown> | null {
  const value = body[`a-${q.questionVersionId}`];
  if (q.type === 'short_answer') {
    const text = str(value);
    const saved = q.answer && 'text' in q.answer ? q.answer.text : '';
    return text.trim() === saved.trim() ? null : { text };
  }
  const selected = list(value).filter(Boolean);
  const saved = q.answer && 'selected' in q.answer ? q.answer.selected : [];
  return same(selected, saved) ? null : { selected };
}

/**
 * The learner's exam pages: /courses/:courseId/exam (the course's final exam), /exams/:examId (rules and the start
 * button), /attempts/:id?page=N (a form per page of questions; "save and next" saves through AttemptsService like
 * the API's PUT), /attempts/:id/submit (confirmation), /result and /review (only as the review policy allows).
 * Works without JavaScript; /static/exam-answers.js saves answers as they change through PUT
 * /attempts/:id/answers/:questionVersionId (JSON, X-CSRF-Token) and keeps them in the browser while offline.
 */
@ApiExcludeController()
@Controller()
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class ExamPageController {
  constructor(
    private readonly exams: LearnerExamsService,
    private readonly attempts: AttemptsService,
  ) {}

  @Get('courses/:courseId/exam')
  async finalExam(@Param('courseId', uuidParam('courseId')) courseId: string, @Res() res: Response): Promise<void> {
    res.redirect(303, `/exams/${await this.exams.finalExamId(courseId)}`);
  }

  @Get('exams/:examId')
  async start(
    @CurrentActor() actor: Actor,
    @Param('examId', uuidParam('examId')) examId: string,
    @Res() res: Response,
  ): Promise<void> {
    const exam = await this.exams.overview(actor, examId);
    res.render('exams/start', examStartModel(langOf(res), exam));
  }

  /** Starts an attempt (or resumes the one in progress) and opens its first page. */
  @Post('exams/:examId/attempts')
  async begin(
    @CurrentActor() actor: Actor,
    @Param('examId', uuidParam('examId')) examId: string,
    @Res() res: Response,
  ): Promise<void> {
    const { attempt } = await this.attempts.start(actor, examId);
    res.redirect(303, `/attempts/${attempt.id}`);
  }

  @Get('attempts/:attemptId')
  async page(
    @CurrentActor() actor: Actor,
    @Param('attemptId', uuidParam('attemptId')) attemptId: string,
    @Query() query: PageNumberQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const attempt = await this.attempts.get(actor, attemptId);
    if (attempt.result) return res.redirect(303, `/attempts/${attemptId}/result`);
    res.render('exams/attempt', attemptPageModel({ lang: langOf(res), attempt, page: query.page ?? 1 }));
  }

  /** Saves the page's answers (only those that changed), then goes where the button said. */
  @Post('attempts/:attemptId')
  async save(
    @CurrentActor() actor: Actor,
    @Param('attemptId', uuidParam('attemptId')) attemptId: string,
    @Query() query: PageNumberQueryDto,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(res);
    const attempt = await this.attempts.get(actor, attemptId);
    if (attempt.result) return res.redirect(303, `/attempts/${attemptId}/result`);
    const pages = pageCount(attempt.questions.length);
    const page = Math.min(query.page ?? 1, pages);
    const onPage = attempt.questions.slice((page - 1) * QUESTIONS_PER_PAGE, page * QUESTIONS_PER_PAGE);
    for (const q of onPage) {
      const answer = formAnswer(q, body);
      if (!answer) continue;
      const { dto, problems } = await validateForm(SaveAnswerDto, answer);
      try {
        if (problems.length > 0) throw new ValidationError(problems[0].reason, problems);
        await this.attempts.saveAnswer(actor, attemptId, q.questionVersionId, dto);
      } catch (e) {
        if (e instanceof ConflictError) return res.redirect(303, `/attempts/${attemptId}/result`);
        if (!(e instanceof ValidationError)) throw e;
        const again = await this.attempts.get(actor, attemptId);
        const problem = `${translate(lang, 'exam.question')} ${attempt.questions.indexOf(q) + 1}: ${e.message}`;
        return res.status(400).render('exams/attempt', attemptPageModel({ lang, attempt: again, page, problem }));
      }
    }
    const go = str(body.go);
    const target =
      go === 'submit'
        ? `/attempts/${attemptId}/submit`
        : go === 'prev'
          ? `/attempts/${attemptId}?page=${Math.max(1, page - 1)}`
          : /^\d{1,3}$/.test(go)
            ? `/attempts/${attemptId}?page=${Math.min(Number(go), pages)}`
            : `/attempts/${attemptId}?page=${Math.min(page + 1, pages)}`;
    res.redirect(303, target);
  }

  /** The script's save (JSON; the CSRF token in X-CSRF-Token): the same service as the API's PUT. */
  @Put('attempts/:attemptId/answers/:questionVersionId')
  @HttpCode(200)
  saveAnswer(
    @CurrentActor() actor: Actor,
    @Param('attemptId', uuidParam('attemptId')) attemptId: string,
    @Param('questionVersionId', uuidParam('questionVersionId')) questionVersionId: string,
    @Body() dto: SaveAnswerDto,
  ): Promise<SavedAnswerResponse> {
    return this.attempts.saveAnswer(actor, attemptId, questionVersionId, dto);
  }

  @Get('attempts/:attemptId/submit')
  async confirm(
    @CurrentActor() actor: Actor,
    @Param('attemptId', uuidParam('attemptId')) attemptId: string,
    @Res() res: Response,
  ): Promise<void> {
    const attempt = await this.attempts.get(actor, attemptId);
    if (attempt.result) return res.redirect(303, `/attempts/${attemptId}/result`);
    res.render('exams/submit', submitModel(langOf(res), attempt));
  }

  @Post('attempts/:attemptId/submit')
  async submit(
    @CurrentActor() actor: Actor,
    @Param('attemptId', uuidParam('attemptId')) attemptId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.attempts.submit(actor, attemptId);
    res.redirect(303, `/attempts/${attemptId}/result`);
  }

  @Get('attempts/:attemptId/result')
  async result(
    @CurrentActor() actor: Actor,
    @Param('attemptId', uuidParam('attemptId')) attemptId: string,
    @Res() res: Response,
  ): Promise<void> {
    const attempt = await this.attempts.get(actor, attemptId);
    if (!attempt.result) return res.redirect(303, `/attempts/${attemptId}`);
    const exam = await this.exams.overview(actor, attempt.examId);
    res.render('exams/result', resultModel(langOf(res), attempt, exam));
  }

  /** 403 while the review policy does not allow the review (the result page says when it will). */
  @Get('attempts/:attemptId/review')
  async review(
    @CurrentActor() actor: Actor,
    @Param('attemptId', uuidParam('attemptId')) attemptId: string,
    @Res() res: Response,
  ): Promise<void> {
    const attempt = await this.attempts.get(actor, attemptId);
    if (!attempt.result?.review) {
      throw new ForbiddenError('the review of this attempt is not open (the exam’s review policy)');
    }
    res.render('exams/review', reviewModel(langOf(res), attempt));
  }
}
