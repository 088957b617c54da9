import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';

/** Waits until the job with this business key has finished (in-process jobs run after their transaction commits). */
export async function waitForJob(db: DataSource, businessKey: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db.query<Array<{ status: string }>>(`SELECT status FROM job_run WHERE business_key = $1`, [
      businessKey,
    ]);
    const status = rows[0]?.status;
    if (status === 'succeeded' || status === 'failed') return status;
    if (Date.now() > deadline) throw new Error(`job ${businessKey} did not finish (status ${status ?? 'none'})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The certificates of a person, oldest first (id, serial, code, revoked or not). */
export function certificatesOf(
  db: DataSource,
  personId: string,
): Promise<Array<{ id: string; serial: string; code: string; revoked: boolean; pdfKey: string | null }>> {
  return db.query(
    `SELECT id, serial, code, revoked_at IS NOT NULL AS revoked, pdf_key AS "pdfKey"
       FROM certificate WHERE person_id = $1 ORDER BY issued_at, serial`,
    [personId],
  );
}

/** A unit's issuing authority (prefix PN, "SỞ VĂN HÓA" of Phương Nam), set through the API by `token`. */
export async function putAuthority(http: TestAgent, unitId: string, token: string): Promise<void> {
  await http
    .put(`/api/v1/units/${unitId}/certificate-authority`)
    .auth(token, { type: 'bearer' })
    .send({
      serialPrefix: 'PN',
      name: 'SỞ VĂN HÓA',
      placeName: 'Phương Nam',
      signatoryTitle: 'GIÁM ĐỐC',
      signatoryName: 'Trần Văn Bình',
    })
    .expect(200);
}
