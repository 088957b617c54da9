import type { Provider } from '@nestjs/common';
import { ReminderRepository } from './reminder.repository';
import { RemindersJob } from './reminders.job';
import { RemindersSchedule } from './reminders.schedule';
import { RemindersService } from './reminders.service';

export * from './reminder-mail';
export * from './reminders.job';
export * from './reminders.schedule';
export * from './reminders.service';

/** The providers of this part of the learning library (registered and exported by LearningModule). */
export const REMINDER_PROVIDERS: Provider[] = [ReminderRepository, RemindersService, RemindersJob, RemindersSchedule];
