import { Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { addDays, vietnamDay } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { RosterChangeLog, stableUuid } from '@app/org';
import { StorageService } from '@app/storage';
import { MAX_EVIDENCE_BYTES } from './evidence';
import { ExternalTrainingRepository } from './external-training.repository';
import { trainingChanges } from './training-changes';

export interface DemoExternalTrainingReport {
  created: number;
}

const daysBefore = (day: string, n: number): string => addDays(day, -n);

/** A one-page PDF standing in for a scanned certificate (ASCII text: the standard fonts have no Vietnamese). */
function evidencePdf(line: string): Buffer {
  const stream = `BT /F1 16 Tf 40 120 Td (${line}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 250] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * The demo's training done elsewhere: a central workshop the province's first demo learner was sent to, recorded
 * and approved by the province's organiser for the learner's roles; and a second learner's record rejected with a
 * reason. The people are the first two learners (by login) with a person in the province's subtree; the decider
 * the province's first organiser. libs/demo runs it last; idempotent (stable ids).
 */
@Injectable()
export class DemoExternalTrainingSeeder {
  private readonly logger = new Logger(DemoExternalTrainingSeeder.name);

  constructor(
    private readonly repo: ExternalTrainingRepository,
    private readonly storage: StorageService,
    private readonly work: UnitOfWork,
  ) {}

  async seed(provinceId: string, signal?: AbortSignal): Promise<DemoExternalTrainingReport> {
    const { learners, organiserId } = await this.repo.demoPeople(provinceId);
    if (learners.length < 2) return { created: 0 };
    const today = vietnamDay(this.work.now());
    const records = [
      {
        id: stableUuid(`demo-external-training:${provinceId}:approved`),
        learner: learners[0],
        title: 'Hội thảo tập huấn công tác thông tin đối ngoại và truyền thông về quyền con người',
        organiser: 'Bộ Ngoại giao phối hợp Bộ Thông tin và Truyền thông',
        endedOn: daysBefore(today, 40),
        hours: 16,
        topics: ['international-law'],
        reason: null,
      },
      {
        id: stableUuid(`demo-external-training:${provinceId}:rejected`),
        learner: learners[1],
        title: 'Lớp bồi dưỡng kỹ năng viết tin về quyền con người',
        organiser: 'Trung tâm bồi dưỡng nghiệp vụ báo chí',
        endedOn: daysBefore(today, 20),
        hours: 8,
        topics: [],
        reason: 'Giấy chứng nhận không ghi nội dung về quyền con người; đề nghị bổ sung quyết định cử đi học.',
      },
    ];
    let created = 0;
    for (const r of records) {
      signal?.throwIfAborted();
      if (await this.repo.find(r.id)) continue;
      const key = `external-training/${r.id}/evidence`;
      const pdf = evidencePdf('GIAY CHUNG NHAN - demo');
      await this.storage.put(key, Readable.from(pdf), { contentType: 'application/pdf', maxBytes: MAX_EVIDENCE_BYTES });
      await this.work.run(null, async ({ manager: m, now }) => {
        await this.repo.insert(
          m,
          {
            id: r.id,
            personId: r.learner.personId,
            organiser: r.organiser,
            title: r.title,
            startedOn: daysBefore(r.endedOn, 1),
            endedOn: r.endedOn,
            hours: r.hours,
            topics: r.topics,
            evidenceKey: key,
            evidenceType: 'application/pdf',
            evidenceName: 'giay-chung-nhan.pdf',
            submittedBy: r.learner.accountId,
          },
          now,
        );
        const decision = { by: organiserId ?? r.learner.accountId, at: now };
        if (r.reason) {
          await this.repo.reject(m, r.id, { ...decision, reason: r.reason });
          return;
        }
        const on = vietnamDay(now);
        const roleIds = await this.repo.rolesOn(r.learner.personId, on, m);
        await this.repo.approve(m, r.id, { ...decision, on, expiresOn: null, roleIds });
        await RosterChangeLog.append(m, trainingChanges('training_approved', on, r.learner.personId, r.id, roleIds));
      });
      created++;
    }
    if (created > 0) this.logger.log({ created }, 'demo training done elsewhere recorded');
    return { created };
  }
}
