import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';
import { DomainError } from '@app/common';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../passwords';
import { LOGIN_PATTERN } from '../../accounts/dto/account.dto';

export const LOGIN_MESSAGE =
  'login must be 3–100 letters, digits, dot, dash or underscore, starting with a letter or digit';
export const PASSWORD_LENGTH_MESSAGE = `password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`;

const trimLower = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** The activation form: the login and password the invited person chooses. */
export class ActivateAccountDto {
  @Transform(trimLower)
  @IsString()
  @Matches(LOGIN_PATTERN, { message: LOGIN_MESSAGE })
  login!: string;

  @IsString()
  @Length(PASSWORD_MIN, PASSWORD_MAX, { message: PASSWORD_LENGTH_MESSAGE })
  password!: string;

  @IsString()
  passwordConfirm!: string;
}

export class InvitationResponse {
  @ApiProperty({ format: 'uuid' })
  invitationId!: string;

  @ApiProperty({
    example: 'https://moc.example.gov.vn/activate/3q2-…',
    description: 'shown once: only its hash is kept',
  })
  activationUrl!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ description: 'true when SMTP is configured and the person has an e-mail address' })
  emailed!: boolean;
}

/** What the activation page shows for a valid link (only to the holder of the link). */
export interface ActivationPreview {
  fullName: string;
  suggestedLogin: string;
  expiresAt: string;
}

/** The organiser's view of a person's invitation. */
export interface InvitationStatus {
  person: { id: string; fullName: string; email: string | null; hasAccount: boolean; hasLeft: boolean };
  open: { id: string; createdAt: string; expiresAt: string; expired: boolean } | null;
}

/** An activation link that was valid once: used, or expired/revoked/replaced. 410; says nothing of whose it was. */
export class InvitationGoneError extends DomainError {
  readonly code = 'GONE';
  readonly status = 410;
  constructor(readonly reason: 'used' | 'expired') {
    super(
      reason === 'used'
        ? 'this activation link has already been used: log in with the login and password chosen then'
        : 'this activation link has expired or was replaced: ask your training organiser for a new one',
      [{ field: 'token', reason }],
    );
  }
}
