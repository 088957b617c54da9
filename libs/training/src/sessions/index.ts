import { Provider } from '@nestjs/common';
import { AttendanceImportService } from '../attendance/attendance-import.service';
import { AttendanceSheetService } from '../attendance/attendance-sheet.service';
import { AttendanceRepository } from '../attendance/attendance.repository';
import { AttendanceService } from '../attendance/attendance.service';
import { DemoSessionsSeeder } from './demo-sessions.seeder';
import { InvitationsService } from './invitations.service';
import { SessionRemindersJob, SessionRemindersSchedule } from './session-reminders';
import { SessionRepository } from './session.repository';
import { SessionsService } from './sessions.service';

/** In-person sessions, invitations and attendance: the services other modules use. */
export const SESSION_SERVICES: Provider[] = [
  SessionsService,
  InvitationsService,
  AttendanceService,
  AttendanceSheetService,
  AttendanceImportService,
  DemoSessionsSeeder,
];
/** Their repositories (private to libs/training), the reminders job and its schedule. */
export const SESSION_REPOSITORIES: Provider[] = [
  SessionRepository,
  AttendanceRepository,
  SessionRemindersJob,
  SessionRemindersSchedule,
];

export * from './dto/session.dto';
export { countingSessionRecords, sessionRecordPeriods } from './counting-records';
export { DemoSessionsReport, DemoSessionsSeeder } from './demo-sessions.seeder';
export {
  REMIND_HOURS_BEFORE,
  SESSION_REMINDER_MAIL_KIND,
  SESSION_REMINDERS_JOB,
  SessionRemindersSchedule,
} from './session-reminders';
export { SessionsService, vietnamMonth } from './sessions.service';
export { InvitationsService } from './invitations.service';
export { AttendanceService, AttendanceEntry } from '../attendance/attendance.service';
export { AttendanceSheetService } from '../attendance/attendance-sheet.service';
export {
  AttendanceImportReport,
  AttendanceImportRow,
  AttendanceImportService,
  MAX_ATTENDANCE_FILE_BYTES,
} from '../attendance/attendance-import.service';
export { CORRECTION_DAYS } from '../attendance/attendance-rules';
