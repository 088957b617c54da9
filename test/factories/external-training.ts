import type { Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { sampleFiles } from './authoring';
import { withFormFields } from './scope-matrix';

/** A record of training done elsewhere as the API takes it (fields first, then the file). */
export interface ExternalTrainingFields {
  personId?: string;
  organiser?: string;
  title?: string;
  startedOn?: string;
  endedOn?: string;
  hours?: number | string;
  topics?: string[];
}

export const workshop = (o: ExternalTrainingFields = {}): ExternalTrainingFields => ({
  organiser: 'Bộ Ngoại giao',
  title: 'Hội thảo chuyên đề về quyền con người',
  startedOn: '2026-10-12',
  endedOn: '2026-10-13',
  hours: 16,
  topics: ['international-law'],
  ...o,
});

/** POST /api/v1/external-training as the bearer of `token`, with a PDF unless `file` says otherwise. */
export function submitRecord(
  http: TestAgent,
  token: string,
  fields: ExternalTrainingFields = workshop(),
  file: { data: Buffer; name: string } | null = { data: sampleFiles.pdf(), name: 'giay-chung-nhan.pdf' },
): Test {
  const req = withFormFields(http.post('/api/v1/external-training').auth(token, { type: 'bearer' }), { ...fields });
  return file ? req.attach('file', file.data, file.name) : req;
}

/** The records of training done elsewhere, their roles and their roster change rows, as one comparable string. */
export async function externalTrainingState(db: DataSource): Promise<string> {
  const [records, roles, changes] = await Promise.all([
    db.query(`SELECT id, status, approved_on, revoked_on, expires_on, reason FROM external_training ORDER BY id`),
    db.query(`SELECT record_id, role_id FROM external_training_role ORDER BY record_id, role_id`),
    db.query(`SELECT count(*)::int AS n FROM roster_change WHERE kind IN ('training_approved', 'training_revoked')`),
  ]);
  return JSON.stringify({ records, roles, changes });
}

/** A binary answer's bytes (supertest leaves unknown types unparsed). */
export function binary(req: Test): Test {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}
