import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsEmailAddress, IsReadableText, nfc, toCleanLine } from '@app/common';
// Login, password and its confirmation are the same fields as on the activation form.
import { ActivateAccountDto } from '../../invitations/dto/invitation.dto';

const trimLower = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? nfc(value) || undefined : value;

/**
 * Public self-registration of a learner: only what the roster needs (no national id, no address).
 * The commune is optional: its code or its name, looked up among active communes.
 */
export class RegisterDto extends ActivateAccountDto {
  @Transform(toCleanLine)
  @IsString()
  @Length(2, 200, { message: 'fullName must be 2 to 200 characters' })
  @IsReadableText()
  @Matches(/^[^=+\-@\t\r]/, { message: 'fullName must not start with = + - @ (spreadsheet formula)' })
  fullName!: string;

  @Transform(trimLower)
  @IsEmailAddress()
  email!: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @Length(1, 200)
  commune?: string;
}

export interface RegisteredLearner {
  accountId: string;
  personId: string;
  communeId: string | null;
}

export interface CommuneChoice {
  id: string;
  code: string;
  name: string;
  parentName: string | null;
}
