import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor } from '@app/common';
import {
  AccessToken,
  AccountResponse,
  AuthService,
  LoginDto,
  Principal,
  toAccountResponse,
  TokenService,
  TotpCodeDto,
  TotpEnrolmentResponse,
  TotpService,
} from '@app/identity';
import { Policy } from '@app/org';
import { ApiAuthGuard, CurrentActor, CurrentPrincipal, PermissionGuard, RequirePolicy } from '../http/auth';
import { Public } from '../http/public.decorator';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly tokens: TokenService,
    private readonly totp: TotpService,
  ) {}

  /** A bearer token for good credentials. 401 for a wrong login or password (the same for both), 429 when locked. */
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Req() req: Request): Promise<AccessToken> {
    const principal = await this.auth.verifyCredentials(dto, { via: 'api', requestId: req.id, ip: req.ip });
    return this.tokens.issue(principal.account.id);
  }

  /** The caller's account and grants. */
  @ApiBearerAuth()
  @UseGuards(ApiAuthGuard)
  @Get('me')
  me(@CurrentPrincipal() principal: Principal): AccountResponse {
    return toAccountResponse(principal.account, principal.grants);
  }

  /** Starts TOTP for an admin or agency account: a secret to put in an authenticator app, then confirm. */
  @ApiBearerAuth()
  @UseGuards(ApiAuthGuard, PermissionGuard)
  @RequirePolicy(Policy.TotpEnrol)
  @Post('totp/enrol')
  @HttpCode(200)
  enrol(@CurrentActor() actor: Actor): Promise<TotpEnrolmentResponse> {
    return this.totp.enrol(actor);
  }

  /** Turns TOTP on with a first code; from then on, logins need `totp`. */
  @ApiBearerAuth()
  @UseGuards(ApiAuthGuard, PermissionGuard)
  @RequirePolicy(Policy.TotpEnrol)
  @Post('totp/confirm')
  @HttpCode(204)
  confirm(@CurrentActor() actor: Actor, @Body() dto: TotpCodeDto): Promise<void> {
    return this.totp.confirm(actor, dto.code);
  }

  /** Turns TOTP off; needs a current code. */
  @ApiBearerAuth()
  @UseGuards(ApiAuthGuard)
  @Post('totp/disable')
  @HttpCode(204)
  disable(@CurrentActor() actor: Actor, @Body() dto: TotpCodeDto): Promise<void> {
    return this.totp.disable(actor, dto.code);
  }
}
