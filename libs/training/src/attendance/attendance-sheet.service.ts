import { Injectable } from '@nestjs/common';
import { Actor, NotFoundError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { ObjectStream, StorageService } from '@app/storage';
import { EvidenceUpload, storeEvidence } from '../external/evidence';
import { SessionRepository } from '../sessions/session.repository';
import { SessionsService } from '../sessions/sessions.service';

/** The signed attendance sheet of a session, in storage (PDF or a photo): stored as evidence is (same kinds, same limit). */
@Injectable()
export class AttendanceSheetService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly sessions: SessionsService,
    private readonly repo: SessionRepository,
    private readonly storage: StorageService,
  ) {}

  /** Stores the sheet (streamed, content sniffed: 400 missing, 415 not a PDF/JPEG/PNG, 413 past 10 MB), audited. */
  async put(actor: Actor, sessionId: string, upload: EvidenceUpload | null | undefined): Promise<void> {
    await this.sessions.manageable(actor, sessionId);
    const key = `training-sheets/${sessionId}/${this.work.now().getTime()}`;
    await storeEvidence(this.storage, key, upload);
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
