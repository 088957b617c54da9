import { ByteRange } from './storage.service';

/**
 * Parses an HTTP `Range` header for an object of `size` bytes (RFC 9110 §14.1.2), single ranges only:
 * `bytes=a-b`, `bytes=a-`, `bytes=-n`. Returns the inclusive range (end clamped to size - 1),
 * 'unsatisfiable' for a well-formed range outside the object (answer 416 with `Content-Range: bytes * /size`),
 * or null when there is no usable header (absent, malformed, another unit or several ranges: serve the whole file).
 */
export function parseRangeHeader(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [first, last] = [match[1], match[2]];
  if (first === '') {
    const suffix = Number(last);
    if (!Number.isSafeInteger(suffix) || suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Number.MAX_SAFE_INTEGER : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}
