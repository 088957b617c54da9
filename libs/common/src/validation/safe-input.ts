import { CONTROL_CHARS } from '../text';

/** Deepest nesting any request body or query may have (real payloads here are 3 deep at most). */
export const MAX_INPUT_DEPTH = 32;

export interface InputProblem {
  field: string;
  reason: string;
}

const codePoint = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The first thing in a request's input that no field may hold: a control character (other than tab and line
 * breaks) in any string or key, or nesting deeper than MAX_INPUT_DEPTH. Null when the input is clean.
 * Iterative, so a hostile depth cannot overflow the stack.
 */
export function findUnsafeInput(value: unknown, root = ''): InputProblem | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const bad = CONTROL_CHARS.exec(v);
      if (bad) return { field: path || 'input', reason: `contains a control character (${codePoint(bad[0])})` };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      return { field: path || 'input', reason: `nested deeper than ${MAX_INPUT_DEPTH} levels` };
    }
    for (const [key, child] of Object.entries(v)) {
      const childPath = path ? `${path}.${key}` : key;
      const badKey = CONTROL_CHARS.exec(key);
      if (badKey) {
        return { field: path || 'input', reason: `a key contains a control character (${codePoint(badKey[0])})` };
      }
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Nesting depth of a raw JSON text, counted without parsing it (strings skipped), stopping as soon as it passes
 * `limit`: lets the body parser refuse a 5,000-level document before anything recursive touches it.
 */
export function jsonDepthExceeds(text: Buffer | string, limit = MAX_INPUT_DEPTH): boolean {
  const s = typeof text === 'string' ? Buffer.from(text) : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === 0x5c) {
        i++;
      } // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
