import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FinalExamCheck, FinalExamChecks } from '@app/learning';
import { ExamRepository } from './exam.repository';

/** Tells course publishing whether a course has its final exam (registered with learning at boot). */
@Injectable()
export class ExamsFinalExamCheck implements FinalExamCheck, OnModuleInit {
  constructor(
    private readonly exams: ExamRepository,
    private readonly checks: FinalExamChecks,
  ) {}

  onModuleInit(): void {
    this.checks.register(this);
  }

  async hasFinalExam(courseId: string, m: EntityManager): Promise<boolean> {
    return (await this.exams.finalExamId(courseId, m)) !== null;
  }
}
