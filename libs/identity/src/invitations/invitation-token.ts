import { createHash, randomBytes } from 'node:crypto';

/** Invitations stay open this long. */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

/** 32 random bytes, base64url: the secret part of the activation link (43 characters). */
export const newInvitationToken = (): string => randomBytes(32).toString('base64url');

/** What is stored: the token's SHA-256 in hex. */
export const hashInvitationToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Cheap shape check before any lookup: anything else is an unknown link. */
export const isInvitationTokenShaped = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);
