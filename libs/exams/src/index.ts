export * from './exams.module';
export * from './questions/question-model';
export * from './questions/question-rules';
export * from './questions/formats';
export * from './questions/import';
export * from './questions/dto/question.dto';
export { QuestionsService } from './questions/questions.service';
export * from './exams/dto/exam.dto';
export { ExamsService } from './exams/exams.service';
export * from './attempts/dto/attempt.dto';
export type { AttemptStatus } from './attempts/attempt.repository';
export { AttemptsService, StartResult } from './attempts/attempts.service';
export { AttemptGrader } from './attempts/attempt-grader';
export * from './attempts/dto/learner-exam.dto';
export { LearnerExamsService } from './attempts/learner-exams.service';
export * from './exams/dto/exam-results.dto';
export { ExamResultsService } from './exams/exam-results.service';
export * from './contests/dto/contest.dto';
export { ContestsService, initialsOf } from './contests/contests.service';
export { staggeredStartAt } from './contests/stagger';
export * from './statistics/dto/question-stats.dto';
export { QuestionStatsService } from './statistics/question-stats.service';
export { QUESTION_STATS_JOB, questionStatsKey } from './statistics/question-stats.job';
export { CLOSE_OVERDUE_ATTEMPTS_JOB, closeOverdueKey } from './attempts/close-overdue.job';
export { CLOSE_OVERDUE_SCHEDULE, CloseOverdueSchedule } from './attempts/close-overdue.schedule';
export {
  drawPaper,
  DrawSpec,
  DrawnQuestion,
  DrawShortfall,
  PoolQuestion,
  seededRandom,
  shuffle,
} from './attempts/draw';
export { reviewAllowed } from './attempts/attempt-view';
export * from './grading/grade';
export * from './seed';
