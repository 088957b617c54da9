import { Module } from '@nestjs/common';

/**
 * Training outside the online courses: in-person sessions (invitations, attendance, the certificates attendance
 * earns) and training done elsewhere (records a learner or organiser submits and an organiser approves).
 */
@Module({})
export class TrainingModule {}
