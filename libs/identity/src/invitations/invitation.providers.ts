import { Provider } from '@nestjs/common';
import { RegistrationRepository } from '../registration/registration.repository';
import { RegistrationService } from '../registration/registration.service';
import { ActivationService } from './activation.service';
import { InvitationRepository } from './invitation.repository';
import { InvitationsService } from './invitations.service';

/** Accounts for people (invitations, activation, public registration), registered in IdentityModule. */
export const PEOPLE_ACCOUNT_PROVIDERS: Provider[] = [
  InvitationRepository,
  InvitationsService,
  ActivationService,
  RegistrationRepository,
  RegistrationService,
];

export const PEOPLE_ACCOUNT_EXPORTS = [InvitationsService, ActivationService, RegistrationService];
