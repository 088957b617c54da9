import { searchKey } from '@app/common';
import { LOGIN_PATTERN } from '../accounts/dto/account.dto';

/**
 * A login to offer on the activation page: the local part of the person's e-mail when it makes a valid
 * login (logins never contain "@"), else the name without diacritics ("Nguyễn Văn Đức" → "nguyenvanduc").
 */
export function baseLogin(fullName: string, email: string | null): string {
  const local = email?.split('@')[0]?.toLowerCase() ?? '';
  if (LOGIN_PATTERN.test(local)) return local;
  const fromName = searchKey(fullName)
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 90);
  return fromName.length >= 3 ? fromName : `hocvien${fromName}`;
}

/** The base, then base2, base3, … : the candidates tried in order until one is free. */
export function loginCandidates(base: string, count = 20): string[] {
  return [base, ...Array.from({ length: count - 1 }, (_, i) => `${base}${i + 2}`)];
}
