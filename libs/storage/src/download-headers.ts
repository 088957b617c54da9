import { isInlineSafe } from './content-sniff';

export interface DownloadMeta {
  contentType: string;
}

/** RFC 5987 / 8187 value: percent-encoded UTF-8, with the characters encodeURIComponent leaves alone but attr-char forbids. */
const encodeExtValue = (s: string): string =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The file name as the user should see it: NFC, no path, no control characters, not empty. */
export function cleanFileName(fileName: string): string {
  const base = fileName.normalize('NFC').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return cleaned.slice(0, 200) || 'download';
}

/** An ASCII-only fallback for old clients: diacritics stripped ("Bài giảng" → "Bai giang"). */
function asciiFallback(name: string): string {
  const stripped = name
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  return stripped.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
}

/**
 * Response headers for serving a file a user uploaded. Inline only for PDF, images, video and audio;
 * HTML, SVG and everything else are attachments. Always `Content-Security-Policy: sandbox` and
 * `X-Content-Type-Options: nosniff`, so even a mislabelled file cannot run script on our origin.
 */
export function downloadHeaders(meta: DownloadMeta, fileName: string): Record<string, string> {
  const name = cleanFileName(fileName);
  const disposition = isInlineSafe(meta.contentType) ? 'inline' : 'attachment';
  return {
    'Content-Type': meta.contentType,
    'Content-Disposition': `${disposition}; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeExtValue(name)}`,
    'Content-Security-Policy': 'sandbox',
    'X-Content-Type-Options': 'nosniff',
  };
}
