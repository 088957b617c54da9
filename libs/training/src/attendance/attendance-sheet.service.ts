import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Actor, DomainError, NotFoundError, PayloadTooLargeError, ValidationError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { ObjectStream, sniffContentType, StorageService } from '@app/storage';
import { SessionRepository } from '../sessions/session.repository';
import { SessionsService } from '../sessions/sessions.service';

/** The signed attendance sheet: at most 10 MB. */
export const MAX_SHEET_BYTES = 10 * 1024 * 1024;
const SHEET_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

/** An uploaded sheet that is not a PDF, JPEG or PNG by its content. 415. */
export class UnsupportedSheetError extends DomainError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly status = 415;
}

/** The signed attendance sheet of a session, in storage (PDF or a photo), content sniffed. */
@Injectable()
export class AttendanceSheetService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly sessions: SessionsService,
    private readonly repo: SessionRepository,
    private readonly storage: StorageService,
  ) {}

  async put(actor: Actor, sessionId: string, read: (() => Promise<Buffer>) | null): Promise<void> {
    await this.sessions.manageable(actor, sessionId);
    if (!read) {
      throw new ValidationError('file: send the sheet in the field "file"', [{ field: 'file', reason: 'missing' }]);
    }
    const data = await read();
    if (data.length > MAX_SHEET_BYTES) {
      throw new PayloadTooLargeError('the sheet is larger than 10 MB', [
        { field: 'file', reason: 'larger than 10 MB' },
      ]);
    }
    const type = sniffContentType(data.subarray(0, 4096), 'sheet');
    if (!type || !SHEET_TYPES.includes(type)) {
      throw new UnsupportedSheetError('the sheet must be a PDF, JPEG or PNG', [
        { field: 'file', reason: 'not a PDF, JPEG or PNG' },
      ]);
    }
    const key = `training-sheets/${sessionId}/${this.work.now().getTime()}`;
    await this.storage.put(key, Readable.from(data), { contentType: type, maxBytes: MAX_SHEET_BYTES });
    const audit = {
      action: 'training.attendance.sheet',
      entity: 'training_session',
      entityId: sessionId,
      details: { key },
    };
    await this.work.run(actor, { audit }, (t) => this.repo.setSheet(t.manager, sessionId, key, t.now));
  }

  async get(actor: Actor, sessionId: string): Promise<ObjectStream> {
    await this.sessions.manageable(actor, sessionId);
    const key = await this.repo.sheetKey(sessionId);
    if (!key) throw new NotFoundError('no attendance sheet was uploaded');
    return this.storage.getStream(key);
  }
}
