import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/common';
import { AttemptGrader } from '../attempts/attempt-grader';
import { AttemptRepository } from '../attempts/attempt.repository';
import { ExamsService } from '../exams/exams.service';
import { ExamRepository } from '../exams/exam.repository';
import { QuestionRepository } from '../questions/question.repository';
import { QuestionsService } from '../questions/questions.service';
import { DemoExamSeedReport, seedDemoExam } from './demo-exam.seed';

/**
 * The demo course's question bank, final exam and the finished learners' attempts, and the demo contest: libs/demo's DemoBootstrapService
 * calls it when the API starts with demo data, after learning's demo course. Idempotent, so it runs at every such
 * start.
 */
@Injectable()
export class DemoExamSeeder {
  private readonly logger = new Logger(DemoExamSeeder.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly moduleRef: ModuleRef,
  ) {}

  async seed(provinceId: string, signal?: AbortSignal): Promise<DemoExamSeedReport> {
    const report = await seedDemoExam(
      {
        db: this.db,
        questions: this.moduleRef.get(QuestionsService),
        exams: this.moduleRef.get(ExamsService),
        grader: this.moduleRef.get(AttemptGrader),
        questionRepository: this.moduleRef.get(QuestionRepository),
        examRepository: this.moduleRef.get(ExamRepository),
        attempts: this.moduleRef.get(AttemptRepository),
      },
      { provinceId, now: this.clock.now(), signal },
    );
    if (report.exam === 'created' || report.attempts > 0 || report.contestAttempts > 0) {
      const { examId, questions, attempts, passed, failed, contestId, contestAttempts, ms } = report;
      this.logger.log(
        { examId, questions, attempts, passed, failed, contestId, contestAttempts, ms },
        'demo final exam and contest loaded',
      );
    }
    return report;
  }
}
