import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Actor } from '@app/common';
import { CourseFilesService } from '@app/learning';
import { downloadHeaders } from '@app/storage';

/**
 * Serves a course file to a caller the service allows: downloadHeaders (inline only for PDF, images, video and
 * audio; `Content-Security-Policy: sandbox`; nosniff), byte ranges (206 + Content-Range, 416 when outside the
 * file; `If-Range` with a stale ETag gets the whole file), and no compression (ranges count raw bytes).
 */
export async function sendCourseFile(
  files: CourseFilesService,
  actor: Actor,
  fileId: string,
  req: Request,
  res: Response,
): Promise<void> {
  const ifRange = req.header('if-range');
  let opened = await files.open(actor, fileId, req.header('range'));
  const etag = `"${opened.file.sha256}"`;
  if (ifRange && ifRange !== etag && (opened.range || opened.unsatisfiable)) {
    opened.stream?.destroy();
    opened = await files.open(actor, fileId);
  }
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'private, max-age=3600, no-transform');
  for (const [name, value] of Object.entries(downloadHeaders(opened.file, opened.file.originalName))) {
    res.setHeader(name, value);
  }
  if (opened.unsatisfiable || !opened.stream) {
    res.status(416).setHeader('Content-Range', `bytes */${opened.size}`);
    res.end();
    return;
  }
  if (opened.range) {
    const { start, end } = opened.range;
    res.status(206);
    res.setHeader('Content-Range', `bytes ${start}-${end}/${opened.size}`);
    res.setHeader('Content-Length', String(end - start + 1));
  } else {
    res.status(200);
    res.setHeader('Content-Length', String(opened.size));
  }
  if (req.method === 'HEAD') {
    opened.stream.destroy();
    res.end();
    return;
  }
  try {
    await pipeline(opened.stream, res);
  } catch (e) {
    // A client that goes away mid-file (video seeking does) is normal; anything before the first byte is an error.
    if (!res.headersSent) throw e;
    res.destroy();
  }
}
