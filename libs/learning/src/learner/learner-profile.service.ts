import { Injectable } from '@nestjs/common';
import { Actor, Clock, NotFoundError } from '@app/common';
import { LearnerProfileResponse } from './dto/learner.dto';
import { EnrolmentRepository } from './enrolment.repository';
import { LearnerAccess } from './learner-access';
import { LearnerProfileRepository } from './learner-profile.repository';
import { groupMyLearning } from './my-learning';

/**
 * The profile: the account (name, login, e-mail), its person's unit and roles, and a summary of their learning.
 * An account not linked to the roster still sees its account, with person and learning null.
 */
@Injectable()
export class LearnerProfileService {
  constructor(
    private readonly access: LearnerAccess,
    private readonly profiles: LearnerProfileRepository,
    private readonly enrolments: EnrolmentRepository,
    private readonly clock: Clock,
  ) {}

  async profile(actor: Actor): Promise<LearnerProfileResponse> {
    const account = await this.profiles.account(actor.accountId);
    if (!account) throw new NotFoundError('account not found');
    const personId = await this.access.personIdOf(actor);
    if (!personId) return { account, person: null, learning: null };
    const today = this.clock.today();
    const [person, rows] = await Promise.all([this.profiles.person(personId, today), this.enrolments.mine(personId)]);
    const mine = groupMyLearning(rows, today);
    const open = [...mine.inProgress, ...mine.notStarted];
    return {
      account,
      person,
      learning: {
        enrolled: rows.length,
        assigned: open.filter((i) => i.dueDate !== null).length,
        overdue: open.filter((i) => i.overdue).length,
        inProgress: mine.inProgress.length,
        notStarted: mine.notStarted.length,
        completed: mine.completed.length,
      },
    };
  }
}
