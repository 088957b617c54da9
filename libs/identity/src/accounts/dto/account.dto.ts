import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsEmailAddress, IsReadableText, PageQueryDto, Permission, toCleanLine, toNfc } from '@app/common';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../passwords';
import { ACCOUNT_STATUSES, AccountRow, AccountStatus, GrantRow } from '../account.types';

const trimLower = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
const PASSWORD_MESSAGE = `password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`;

/** Logins have no "@", so a login never collides with an e-mail. */
export const LOGIN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,99}$/;

export class GrantDto {
  @ApiProperty({ enum: Permission })
  @IsEnum(Permission)
  permission!: Permission;

  @ApiProperty({ format: 'uuid', description: 'the permission applies to this unit and everything below it' })
  @IsUUID()
  scopeUnitId!: string;
}

export class CreateAccountDto {
  @ApiProperty({ example: 'nguyenvana', description: '3–100 letters, digits, dot, dash or underscore' })
  @Transform(trimLower)
  @IsString()
  @Matches(LOGIN_PATTERN, {
    message: 'login must be 3–100 letters, digits, dot, dash or underscore, starting with a letter or digit',
  })
  login!: string;

  @ApiPropertyOptional({ example: 'a.nguyen@example.gov.vn' })
  @IsOptional()
  @Transform(trimLower)
  @IsEmailAddress()
  email?: string;

  @ApiProperty({ example: 'Nguyễn Văn A' })
  @Transform(toCleanLine)
  @IsString()
  @Length(2, 200)
  @IsReadableText()
  displayName!: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @Length(PASSWORD_MIN, PASSWORD_MAX, { message: PASSWORD_MESSAGE })
  password!: string;

  @ApiProperty({ format: 'uuid', description: 'the unit the person belongs to' })
  @IsUUID()
  homeUnitId!: string;

  @ApiPropertyOptional({ type: [GrantDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => GrantDto)
  grants?: GrantDto[];
}

export class UpdateAccountDto {
  @ApiPropertyOptional({ enum: ACCOUNT_STATUSES })
  @IsOptional()
  @IsIn(ACCOUNT_STATUSES)
  status?: AccountStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toCleanLine)
  @IsString()
  @Length(2, 200)
  @IsReadableText()
  displayName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimLower)
  @IsEmailAddress()
  email?: string;
}

export class ResetPasswordDto {
  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @Length(PASSWORD_MIN, PASSWORD_MAX, { message: PASSWORD_MESSAGE })
  password!: string;
}

export class ListAccountsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'name, login or e-mail, ignoring diacritics and case' })
  @IsOptional()
  @Transform(toNfc)
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: ACCOUNT_STATUSES })
  @IsOptional()
  @IsIn(ACCOUNT_STATUSES)
  status?: AccountStatus;
}

export interface GrantResponse {
  id: string;
  permission: Permission;
  scopeUnitId: string;
}

export interface AccountResponse {
  id: string;
  login: string;
  email: string | null;
  displayName: string;
  status: AccountStatus;
  homeUnitId: string | null;
  totpEnabled: boolean;
  grants: GrantResponse[];
  createdAt: string;
  updatedAt: string;
}

export interface AccountListResponse {
  items: AccountResponse[];
  total: number;
}

/** The public shape of an account: never the password hash or the TOTP secret. */
export const toAccountResponse = (a: AccountRow, grants: GrantRow[]): AccountResponse => ({
  id: a.id,
  login: a.login,
  email: a.email,
  displayName: a.displayName,
  status: a.status,
  homeUnitId: a.homeUnitId,
  totpEnabled: a.totpEnabled,
  grants: grants.map((g) => ({ id: g.id, permission: g.permission, scopeUnitId: g.scopeUnitId })),
  createdAt: new Date(a.createdAt).toISOString(),
  updatedAt: new Date(a.updatedAt).toISOString(),
});
