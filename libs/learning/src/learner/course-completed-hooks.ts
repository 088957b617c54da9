import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Told, inside the completing transaction, that an enrolment has just been completed (once per enrolment). */
export type CourseCompletedHook = (enrolmentId: string, completedAt: Date, manager: EntityManager) => Promise<void>;

/**
 * Where later contexts register what follows a completion (learning must not import them): certificates
 * dispatches its issue job here, in the completing transaction, so a completion that commits always has its job
 * and one that rolls back never does. Hooks run once per enrolment: when its 'course_completed' event is first
 * recorded.
 */
@Injectable()
export class CourseCompletedHooks {
  private readonly hooks: CourseCompletedHook[] = [];

  register(hook: CourseCompletedHook): void {
    this.hooks.push(hook);
  }

  async completed(enrolmentId: string, completedAt: Date, manager: EntityManager): Promise<void> {
    for (const hook of this.hooks) await hook(enrolmentId, completedAt, manager);
  }
}
