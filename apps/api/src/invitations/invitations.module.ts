import { Module } from '@nestjs/common';
import { ActivationPageController } from './activation.page.controller';
import { InvitationPageController } from './invitation.page.controller';
import { InvitationsController } from './invitations.controller';
import { PublicFormCsrfGuard } from './public-form-csrf';
import { RegistrationPageController } from './registration.page.controller';

/** Accounts for people: invitations (API and organiser page), activation and public registration pages. */
@Module({
  controllers: [InvitationsController, InvitationPageController, ActivationPageController, RegistrationPageController],
  providers: [PublicFormCsrfGuard],
})
export class InvitationsModule {}
