import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

export class LoginDto {
  @ApiProperty({ description: 'login or e-mail', example: 'admin' })
  @IsString()
  @Length(1, 254)
  login!: string;

  @ApiProperty({ example: 'a long passphrase' })
  @IsString()
  @Length(1, 1024)
  password!: string;

  @ApiPropertyOptional({ description: 'the 6-digit code, when the account has turned on TOTP', example: '123456' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'totp must be 6 digits' })
  totp?: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}

export interface TotpEnrolmentResponse {
  /** Base32; enter it in an authenticator app or use the otpauth URI. */
  secret: string;
  otpauthUri: string;
}
