import { Provider } from '@nestjs/common';
import { RegistrationRepository } from '../registration/registration.repository';
import { RegistrationService } from '../registration/registration.service';
import { ActivationService } from './activation.service';
import { InvitationRepository } from './invitation.repository';
import { InvitationsService } from './invitations.service';
import { Mailer, OutboxMailer } from './mailer';

/** Accounts for people (invitations, activation, public registration), registered in IdentityModule. */
export const PEOPLE_ACCOUNT_PROVIDERS: Provider[] = [
  InvitationRepository,
  InvitationsService,
  ActivationService,
  RegistrationRepository,
  RegistrationService,
  // No SMTP client is installed yet: messages go to the outbox table (see OutboxMailer).
  { provide: Mailer, useClass: OutboxMailer },
];

export const PEOPLE_ACCOUNT_EXPORTS = [InvitationsService, ActivationService, RegistrationService, Mailer];
