import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, ForbiddenError, NotFoundError } from '@app/common';
import { EnrolmentRepository, EnrolmentRow } from './enrolment.repository';

/** The 403 of an account that has no person on the roster: learning is recorded against a person. */
export const NOT_ON_ROSTER_MESSAGE =
  'your account is not linked to the roster (no person on the roster has this account): ask your training organiser to link it';

/** Who the learner is: the actor's person on the roster, and the enrolments that are theirs. */
@Injectable()
export class LearnerAccess {
  constructor(private readonly enrolments: EnrolmentRepository) {}

  /** The actor's person, or null for an anonymous visitor or an account not linked to the roster. */
  async personIdOf(actor: Actor | null, m?: EntityManager): Promise<string | null> {
    return actor ? this.enrolments.personIdOf(actor.accountId, m) : null;
  }

  /** The actor's person; ForbiddenError when the account is not linked to the roster. */
  async requirePerson(actor: Actor, m?: EntityManager): Promise<string> {
    const personId = await this.personIdOf(actor, m);
    if (!personId) throw new ForbiddenError(NOT_ON_ROSTER_MESSAGE);
    return personId;
  }

  /**
   * The enrolment if it is the actor's own; someone else's answers 404 like a missing one (no data either way).
   * `lock` takes the enrolment's row lock for a progress write.
   */
  async ownEnrolment(actor: Actor, enrolmentId: string, m?: EntityManager, lock = false): Promise<EnrolmentRow> {
    const personId = await this.requirePerson(actor, m);
    const enrolment = await this.enrolments.find(enrolmentId, m, lock);
    if (!enrolment || enrolment.personId !== personId) throw new NotFoundError(`enrolment ${enrolmentId} not found`);
    return enrolment;
  }
}
