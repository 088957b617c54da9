import { createHash } from 'node:crypto';

const hex = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');

/**
 * The id of the copy of a module or lesson in a draft version: a name-based UUID (RFC 9562 version 5) of the
 * original id in the namespace of the draft version's id. Deterministic, so the copy of a published module or
 * lesson can always be found again from the published id (even after the draft was reordered), with no lineage
 * column in the schema; and distinct per draft, so copying again for a later version gives new ids.
 */
export function copyId(draftVersionId: string, originalId: string): string {
  const digest = createHash('sha1')
    .update(Buffer.concat([hex(draftVersionId), Buffer.from(originalId.toLowerCase(), 'utf8')]))
    .digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
