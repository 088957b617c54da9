import { ValidationError } from '@app/common';
import type { LessonKind } from './dto/module.dto';
import { sanitizeLessonHtml } from './lesson-html';

/** An http(s) URL without credentials, normalised (`https://Example.org` → `https://example.org/`). */
export function checkHttpUrl(value: string, field = 'url'): string {
  const fail = (reason: string): never => {
    throw new ValidationError(`${field}: ${reason}`, [{ field, reason }]);
  };
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return fail('must be an http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('must be an http or https URL');
  if (!url.hostname) return fail('must name a host');
  if (url.username || url.password) return fail('must not contain a user name or password');
  if (url.href.length > 2000) return fail('must be at most 2000 characters');
  return url.href;
}

export interface LessonContent {
  kind: LessonKind;
  bodyHtml: string;
  url: string | null;
  fileId: string | null;
}

/** The content type of each file a lesson may use, looked up by the caller (null: not a file of this course). */
export type FileTypeOf = (fileId: string) => Promise<string | null>;

/**
 * Checks and cleans what a lesson of a kind holds:
 * - text: sanitised rich text; any url or file is dropped;
 * - video: an uploaded video/audio file or an external http(s) URL (exactly one);
 * - document: an uploaded file or an http(s) URL (exactly one);
 * - link: an http(s) URL; any file is dropped.
 * Every kind may carry sanitised HTML (the text, or an introduction shown above the media).
 */
export async function checkLessonContent(content: LessonContent, fileTypeOf: FileTypeOf): Promise<LessonContent> {
  const bodyHtml = sanitizeLessonHtml(content.bodyHtml);
  const both = (): never => {
    throw new ValidationError('give either an uploaded file or a URL, not both', [
      { field: 'url', reason: 'give either an uploaded file or a URL, not both' },
    ]);
  };
  const none = (field: string, reason: string): never => {
    throw new ValidationError(`${field}: ${reason}`, [{ field, reason }]);
  };
  let url = content.url ? checkHttpUrl(content.url) : null;
  let fileId = content.fileId;
  switch (content.kind) {
    case 'text':
      url = null;
      fileId = null;
      break;
    case 'link':
      fileId = null;
      if (!url) none('url', 'a link lesson needs an http or https URL');
      break;
    case 'video':
    case 'document':
      if (url && fileId) both();
      if (!url && !fileId) none('fileId', `a ${content.kind} lesson needs an uploaded file or a URL`);
      break;
  }
  if (fileId) {
    const type = await fileTypeOf(fileId);
    if (!type) none('fileId', 'is not a file uploaded to this course');
    if (content.kind === 'video' && !/^(video|audio)\//.test(type ?? '')) {
      none('fileId', 'a video lesson needs a video or audio file');
    }
  }
  return { kind: content.kind, bodyHtml, url, fileId };
}
