import { Module } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { ASSIGNMENT_PROVIDERS } from './assignments';
import { COURSE_PROVIDERS } from './courses';
import { LEARNER_PROVIDERS } from './learner';
import { REMINDER_PROVIDERS } from './reminders';
import { LEARNING_SEED_PROVIDERS } from './seed';

const PROVIDERS = [
  ...COURSE_PROVIDERS,
  ...LEARNER_PROVIDERS,
  ...ASSIGNMENT_PROVIDERS,
  ...REMINDER_PROVIDERS,
  ...LEARNING_SEED_PROVIDERS,
];

/**
 * Courses and learning: authoring (courses, versions, modules, lessons, files), the learner side (catalogue,
 * enrolment, progress, completion), assignments to a unit subtree × roles, reminders, and the demo course.
 * Needs the global ConfigModule, DbModule, JobsModule, AuditModule, StorageModule and MailModule.
 */
@Module({
  imports: [OrgModule],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class LearningModule {}
