import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '@app/common';

/**
 * Keyset cursors of people lists: the sort key (full name in Vietnamese order, then id) of the row a page starts
 * after ("next") or ends before ("prev"), bound to the query it belongs to (a fingerprint of the filters) and signed
 * with the server's secret. A cursor that was altered, or that belongs to another query, is refused (400, field
 * `cursor`). A cursor carries no right: the caller's scope is applied to every page, whatever the cursor says.
 */
export type CursorDirection = 'next' | 'prev';

/** The sort of a list: full name in Vietnamese order, or the name without diacritics (search over a large subtree). */
export type PageOrder = 'name' | 'key';

export interface PageKey {
  /** The value of the sort key (full name, or name without diacritics). */
  name: string;
  id: string;
}

export interface PageCursor {
  direction: CursorDirection;
  order: PageOrder;
  key: PageKey;
}

const VERSION = 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_LENGTH = 1_000;

const refused = (reason: string): ValidationError =>
  new ValidationError(`cursor: ${reason}`, [{ field: 'cursor', reason }]);

/** A stable fingerprint of the filters of a list (the same filters, in any order, give the same fingerprint). */
export function queryFingerprint(filters: Record<string, string | null | undefined>): string {
  const canonical = Object.keys(filters)
    .sort()
    .map((k) => `${k}=${filters[k] ?? ''}`)
    .join('&');
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export class PageCursors {
  constructor(
    private readonly secret: string,
    private readonly purpose: string,
  ) {}

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(`${this.purpose}:${payload}`).digest('base64url');
  }

  encode(cursor: PageCursor, fingerprint: string): string {
    const dir = cursor.direction === 'next' ? 'n' : 'p';
    const body = JSON.stringify([VERSION, dir, cursor.order, cursor.key.name, cursor.key.id, fingerprint]);
    const payload = Buffer.from(body, 'utf8').toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The cursor, checked: signed by this server, for this query. ValidationError (400, field `cursor`) otherwise. */
  decode(text: string, fingerprint: string): PageCursor {
    if (text.length > MAX_LENGTH) throw refused('too long');
    const [payload, signature, ...rest] = text.split('.');
    if (!payload || !signature || rest.length) throw refused('not a page cursor');
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw refused('not a page cursor of this server (altered?)');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw refused('not a page cursor');
    }
    if (!Array.isArray(parsed) || parsed.length !== 6 || parsed[0] !== VERSION) throw refused('not a page cursor');
    const [, dir, order, name, id, fp] = parsed as unknown[];
    if (
      (dir !== 'n' && dir !== 'p') ||
      (order !== 'name' && order !== 'key') ||
      typeof name !== 'string' ||
      typeof id !== 'string' ||
      !UUID.test(id)
    ) {
      throw refused('not a page cursor');
    }
    if (fp !== fingerprint) throw refused('belongs to another search or filter: start again from the first page');
    return { direction: dir === 'n' ? 'next' : 'prev', order, key: { name, id } };
  }
}
