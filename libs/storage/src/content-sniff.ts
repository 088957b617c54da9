/** How many leading bytes sniffContentType needs to see. */
export const SNIFF_BYTES = 4096;

const OOXML: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
};

/**
 * The content type of a file judged from its first bytes (at least SNIFF_BYTES when the file is that long),
 * never from the name alone: the name only tells a zip from docx/xlsx/pptx.
 * Returns null for content it does not recognise (binary of another kind); callers refuse what they do not allow,
 * and serve text/html and image/svg+xml only as attachments (downloadHeaders).
 */
export function sniffContentType(firstBytes: Uint8Array, declaredName: string): string | null {
  const b = firstBytes;
  if (startsWith(b, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(b, ascii('ftyp'), 4)) return startsWith(b, ascii('M4A '), 8) ? 'audio/mp4' : 'video/mp4';
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm';
  if (startsWith(b, ascii('ID3')) || (b.length >= 2 && b[0] === 0xff && (b[1] & 0xe6) === 0xe2)) return 'audio/mpeg';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) {
    return OOXML[extensionOf(declaredName)] ?? 'application/zip';
  }
  return sniffText(b);
}

function sniffText(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'text/plain';
  if (bytes.includes(0)) return null;
  let text: string;
  try {
    // stream: a multi-byte character cut at the end of the sample is not an error.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return null;
  }
  const lower = text.toLowerCase();
  if (lower.includes('<html') || lower.includes('<!doctype html') || lower.includes('<script')) return 'text/html';
  if (lower.includes('<svg')) return 'image/svg+xml';
  return 'text/plain';
}

/** Types a browser may display inline: PDF, raster images, video and audio. Never HTML or SVG. */
export function isInlineSafe(contentType: string): boolean {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === 'image/svg+xml') return false;
  return type === 'application/pdf' || /^(image|video|audio)\/[a-z0-9.+-]+$/.test(type);
}
