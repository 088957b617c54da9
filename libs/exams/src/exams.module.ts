import { Module, Provider } from '@nestjs/common';
import { LearningModule } from '@app/learning';
import { AttemptGrader } from './attempts/attempt-grader';
import { AttemptRepository } from './attempts/attempt.repository';
import { AttemptsService } from './attempts/attempts.service';
import { CloseOverdueAttemptsJob } from './attempts/close-overdue.job';
import { CloseOverdueSchedule } from './attempts/close-overdue.schedule';
import { ExamAccess } from './attempts/exam-access';
import { LearnerExamsService } from './attempts/learner-exams.service';
import { PaperItems } from './attempts/paper-items';
import { ContestRepository } from './contests/contest.repository';
import { ContestsService } from './contests/contests.service';
import { ExamResultsService } from './exams/exam-results.service';
import { ExamRepository } from './exams/exam.repository';
import { ExamsService } from './exams/exams.service';
import { ExamsFinalExamCheck } from './exams/final-exam.check';
import { QuestionExportService } from './questions/import/question-export.service';
import { QuestionImportJob } from './questions/import/question-import.job';
import { QuestionImportRepository } from './questions/import/question-import.repository';
import { QuestionImportRunner } from './questions/import/question-import.runner';
import { QuestionImportService } from './questions/import/question-import.service';
import { QuestionRepository } from './questions/question.repository';
import { QuestionsService } from './questions/questions.service';
import { DemoExamSeeder } from './seed/demo-exam.seeder';
import { QuestionStatsJob } from './statistics/question-stats.job';
import { QuestionStatsRepository } from './statistics/question-stats.repository';
import { QuestionStatsService } from './statistics/question-stats.service';

// Question import (a job: dry run, commit) and export in Moodle XML, GIFT, CSV and XLSX.
const QUESTION_FILES: Provider[] = [QuestionImportService, QuestionExportService];
const EXPORTED: Provider[] = [QuestionsService, ExamsService, AttemptsService, AttemptGrader, CloseOverdueSchedule];
// The learner's exam pages, the organisers' results and question statistics, and the contests' leaderboards.
const PAGES: Provider[] = [LearnerExamsService, ExamResultsService, ContestsService, QuestionStatsService];
// The demo course's bank, final exam and attempts (libs/demo runs it after the demo course).
const SEED: Provider[] = [DemoExamSeeder];

/**
 * Exams: the question bank (versions, sharing within an owner unit), exams of a course, attempts with a stored
 * paper, server-side grading, and the overdue-attempts job. Registers the final-exam check that course publishing
 * asks. Needs the global ConfigModule, DbModule, JobsModule, AuditModule and MailModule (as LearningModule does).
 */
@Module({
  imports: [LearningModule],
  providers: [
    ...EXPORTED,
    ...PAGES,
    ...SEED,
    QuestionRepository,
    ExamRepository,
    AttemptRepository,
    PaperItems,
    ExamAccess,
    ContestRepository,
    ExamsFinalExamCheck,
    CloseOverdueAttemptsJob,
    ...QUESTION_FILES,
    QuestionImportRepository,
    QuestionImportRunner,
    QuestionImportJob,
    QuestionStatsRepository,
    QuestionStatsJob,
  ],
  exports: [...EXPORTED, ...PAGES, ...QUESTION_FILES, ...SEED],
})
export class ExamsModule {}
