import type { Provider } from '@nestjs/common';
import { AssignmentEnrolment } from './assignment-enrolment';
import { AssignmentEnrolmentRepository } from './assignment-enrolment.repository';
import { AssignmentProgressRepository } from './assignment-progress.repository';
import { AssignmentProgressService } from './assignment-progress.service';
import { AssignmentEnrolJob, AssignmentRosterListener, AssignmentsSyncJob } from './assignment.jobs';
import { LearningUnitSuccessionListener } from './unit-succession.listener';
import { AssignmentRepository } from './assignment.repository';
import { AssignmentsService } from './assignments.service';

export * from './dto/assignment.dto';
export { AssignmentEnrolment, ReportProgress } from './assignment-enrolment';
export { AssignmentEnrolPayload } from './assignment.jobs';
export { assignmentJobKey, AssignmentsService } from './assignments.service';
export { AssignmentProgressService } from './assignment-progress.service';
export { timeAssignment, TimedAssignment } from './assignment-timing';

/** The providers of this part of the learning library (registered and exported by LearningModule). */
export const ASSIGNMENT_PROVIDERS: Provider[] = [
  AssignmentRepository,
  AssignmentEnrolmentRepository,
  AssignmentEnrolment,
  AssignmentsService,
  AssignmentProgressRepository,
  AssignmentProgressService,
  AssignmentEnrolJob,
  AssignmentsSyncJob,
  AssignmentRosterListener,
  LearningUnitSuccessionListener,
];
