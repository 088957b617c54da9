import {
  CertificateIssuer,
  ExpiryRemindersJob,
  formatVerificationCode,
  issueCertificateKey,
  VERIFY_MAX_MISSES,
} from '@app/certificates';
import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import { certificatesOf, waitForJob } from '../../factories/certificates';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import type { GivenAccount } from '../../factories/identity';
import type { GivenLearner } from '../../factories/roster';
import { zipEntries } from '../../../libs/common/src/uploads/zip-entries';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * Certificates end to end: issued once when an enrolment completes (also under concurrency and after a job killed
 * half-way), serials without gaps, public verification (valid / expired / revoked / re-issued / unknown /
 * mistyped, API and page, rate-limited), revocation, re-issue, expiry reminders, and scope (a sibling commune's
 * organiser, another province's agency and another learner see nothing).
 */

jest.setTimeout(120_000);

describe('certificates: issue once, verify, revoke, re-issue, expiry, scope', () => {
  let t: TestApp;
  let P: UnitResponse;
  let A: UnitResponse;
  let B: UnitResponse;
  let Q: UnitResponse;
  let course: GivenCourse;
  let alice: GivenLearner;
  let bob: GivenLearner;
  let tokens: Record<'alice' | 'bob' | 'orgA' | 'orgB' | 'orgP' | 'agencyQ' | 'agencyP', string>;
  let orgP: GivenAccount;
  let orgA: GivenAccount;

  const api = (method: 'get' | 'post' | 'put', path: string, token?: string) => {
    const req = t.http[method](`/api/v1${path}`);
    return token ? req.auth(token, { type: 'bearer' }) : req;
  };
  const enrolAndComplete = async (token: string, c: GivenCourse = course): Promise<string> => {
    const res = await api('post', `/courses/${c.id}/enrolment`, token);
    expect([200, 201]).toContain(res.status);
    const enrolmentId = res.body.id as string;
    for (const lessonId of c.lessonIds) {
      await api('post', `/enrolments/${enrolmentId}/lessons/${lessonId}/completion`, token).expect(200);
    }
    return enrolmentId;
  };
  const verify = (code: string) => t.http.get(`/api/v1/certificates/verify/${encodeURIComponent(code)}`);

  beforeAll(async () => {
    t = await createTestApp();
    P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Phương Nam' });
    A = await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
    B = await t.given.unit({ parent: P, name: 'Xã Bình Minh' });
    Q = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Quảng Xa' });
    alice = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: 'Nguyễn Thị Ngọc Ánh' });
    bob = await t.given.learner({ unit: B, roles: ['HR_OFFICIAL'], fullName: 'Đặng Hữu Ước' });
    orgP = await t.given.account({ permission: Permission.Organiser, scopeUnit: P });
    const account = async (permission: Permission, unit: UnitResponse) =>
      t.given.tokenFor(await t.given.account({ permission, scopeUnit: unit }));
    tokens = {
      alice: await t.given.tokenFor(alice),
      bob: await t.given.tokenFor(bob),
      orgA: await t.given.tokenFor((orgA = await t.given.account({ permission: Permission.Organiser, scopeUnit: A }))),
      orgB: await account(Permission.Organiser, B),
      orgP: await t.given.tokenFor(orgP),
      agencyP: await account(Permission.Agency, P),
      agencyQ: await account(Permission.Agency, Q),
    };
    course = await createPublishedCourse(t.db, {
      ownerUnit: P,
      title: 'Kiến thức cơ bản về quyền con người',
      modules: [{ lessons: [{ title: 'Bài 1' }, { title: 'Bài 2' }] }],
    });
    await api('put', `/units/${P.id}/certificate-authority`, tokens.orgP)
      .send({
        serialPrefix: 'PN',
        parentName: 'ỦY BAN NHÂN DÂN TỈNH PHƯƠNG NAM',
        name: 'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH',
        placeName: 'Phương Nam',
        signatoryTitle: 'GIÁM ĐỐC',
        signatoryName: 'Trần Văn Bình',
      })
      .expect(200);
    await api('put', `/courses/${course.id}/certificate`, tokens.orgP)
      .send({ authorityUnitId: P.id, validityMonths: 12 })
      .expect(200);
  });
  afterAll(() => t.close());

  describe('settings', () => {
    it('refuses bad authority and course settings with the field named, and outsiders', async () => {
      const bad = await api('put', `/units/${A.id}/certificate-authority`, tokens.orgA)
        .send({ serialPrefix: 'pn-1', name: 'X', placeName: '', signatoryTitle: 'GĐ', signatoryName: 'A' })
        .expect(400);
      expect(JSON.stringify(bad.body)).toMatch(/serialPrefix/);
      const taken = await api('put', `/units/${A.id}/certificate-authority`, tokens.orgA)
        .send({
          serialPrefix: 'PN',
          name: 'UBND Xã',
          placeName: 'Ánh Dương',
          signatoryTitle: 'CHỦ TỊCH',
          signatoryName: 'Lê Văn C',
        })
        .expect(409);
      expect(JSON.stringify(taken.body)).toMatch(/serialPrefix/);
      await api('put', `/units/${A.id}/certificate-authority`, tokens.orgB)
        .send({
          serialPrefix: 'AD',
          name: 'UBND Xã',
          placeName: 'Ánh Dương',
          signatoryTitle: 'CHỦ TỊCH',
          signatoryName: 'Lê Văn C',
        })
        .expect(404); // a sibling's unit does not exist for orgB
      await api('put', `/units/${P.id}/certificate-authority`, tokens.agencyP).send({}).expect(403);
      const notAuthority = await api('put', `/courses/${course.id}/certificate`, tokens.orgP)
        .send({ authorityUnitId: B.id })
        .expect(400);
      expect(JSON.stringify(notAuthority.body)).toMatch(/authorityUnitId/);
      await api('put', `/courses/${course.id}/certificate`, tokens.orgP)
        .send({ authorityUnitId: P.id, validityMonths: 0 })
        .expect(400);
      await api('put', `/courses/${course.id}/certificate`, tokens.orgA).send({ authorityUnitId: P.id }).expect(404);
    });

    it('takes a seal image (PNG or JPEG, whole) for the authority, from its managers only', async () => {
      const QRCode = await import('qrcode');
      const seal = await QRCode.toBuffer('con dấu', { margin: 1, color: { dark: '#b00000ff', light: '#00000000' } });
      const upload = (token: string, data: Buffer) =>
        api('post', `/units/${P.id}/certificate-authority/seal`, token).attach('file', data, 'seal.png');
      await upload(tokens.orgA, seal).expect(404);
      const garbage = await upload(tokens.orgP, Buffer.from('definitely not a PNG')).expect(400);
      expect(JSON.stringify(garbage.body)).toMatch(/file/);
      await upload(tokens.orgP, seal.subarray(0, seal.length - 30)).expect(400);
      expect((await upload(tokens.orgP, seal).expect(200)).body).toMatchObject({ unitId: P.id, hasSeal: true });
      const audit = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'certificate.authority.seal'`,
      );
      expect(audit[0].n).toBe(1);
    });
  });

  describe('issuing', () => {
    let enrolmentId: string;

    it('issues one certificate when an enrolment completes, by the job keyed by the enrolment', async () => {
      enrolmentId = await enrolAndComplete(tokens.alice);
      expect(await waitForJob(t.db, issueCertificateKey(enrolmentId))).toBe('succeeded');
      const mine = await api('get', '/me/certificates', tokens.alice).expect(200);
      expect(mine.body).toHaveLength(1);
      const c = mine.body[0];
      const year = t.clock.now().getUTCFullYear();
      expect(c).toMatchObject({
        serial: `PN-${year}-000001`,
        personName: 'Nguyễn Thị Ngọc Ánh',
        title: 'Kiến thức cơ bản về quyền con người',
        status: 'valid',
        pdfReady: true,
        authorityName: 'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH',
      });
      expect(c.unitName).toBe('Xã Ánh Dương, Tỉnh Phương Nam');
      expect(c.roleNames).toEqual(['Cán bộ làm công tác quyền con người']);
      expect(c.code).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
      const [{ sealKey }] = await t.db.query(
        `SELECT snapshot->>'sealKey' AS "sealKey" FROM certificate WHERE id = $1`,
        [c.id],
      );
      expect(sealKey).toMatch(/^certificate-seals\//); // frozen with the certificate, drawn on its PDF
      const issued = new Date(`${c.issuedOn}T00:00:00Z`);
      issued.setUTCMonth(issued.getUTCMonth() + 12);
      expect(c.expiresOn).toBe(issued.toISOString().slice(0, 10));
      const audit = await t.db.query(`SELECT details FROM audit_log WHERE action = 'certificate.issue'`);
      expect(audit).toHaveLength(1);
      expect(audit[0].details.certificateIds).toEqual([c.id]);
      const logged = await t.db.query(`SELECT person_id FROM roster_change WHERE kind = 'certificate_issued'`);
      expect(logged).toEqual([{ person_id: alice.person.id }]);
    });

    it('a completion that happens again, parallel issues and the due sweep leave one certificate', async () => {
      const issuer = t.app.get(CertificateIssuer);
      const [a, b, c, swept] = await Promise.all([
        issuer.issue([enrolmentId]),
        issuer.issue([enrolmentId]),
        issuer.issue([enrolmentId]),
        issuer.issueAllDue(),
      ]);
      expect([...a, ...b, ...c]).toEqual([]);
      expect(swept).toBe(0);
      expect(await certificatesOf(t.db, alice.person.id)).toHaveLength(1);
    });

    it('parallel completions of different people take consecutive serials, without gaps or duplicates', async () => {
      const people = await Promise.all(
        [1, 2, 3, 4, 5, 6].map(async (i) => {
          const learner = await t.given.learner({ unit: A, roles: ['HR_OFFICIAL'], fullName: `Học viên ${i}` });
          return t.given.tokenFor(learner);
        }),
      );
      const enrolments = await Promise.all(people.map((token) => enrolAndComplete(token)));
      for (const e of enrolments) expect(await waitForJob(t.db, issueCertificateKey(e))).toBe('succeeded');
      const serials = (
        await t.db.query<Array<{ serial: string }>>(`SELECT serial FROM certificate ORDER BY serial`)
      ).map((r) => Number(r.serial.slice(-6)));
      expect(serials).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it('a job killed after issuing but before the PDF runs again: still one certificate, now with its PDF', async () => {
      const [c] = await certificatesOf(t.db, alice.person.id);
      await t.db.query(`UPDATE certificate SET pdf_key = NULL, pdf_template = NULL WHERE id = $1`, [c.id]);
      await t.db.query(`UPDATE job_run SET status = 'failed' WHERE business_key = $1`, [
        issueCertificateKey(enrolmentId),
      ]);
      // Dispatching a failed key runs it again (as the retry after a crash does).
      const { JobDispatcher } = await import('@app/jobs');
      await t.app.get(JobDispatcher).dispatch('certificates.issue', issueCertificateKey(enrolmentId), { enrolmentId });
      expect(await waitForJob(t.db, issueCertificateKey(enrolmentId))).toBe('succeeded');
      const after = await certificatesOf(t.db, alice.person.id);
      expect(after).toHaveLength(1);
      expect(after[0].id).toBe(c.id);
      expect(after[0].pdfKey).toMatch(/^certificates\//);
    });

    it('issues nothing for a course that does not issue certificates', async () => {
      const plain = await createPublishedCourse(t.db, { ownerUnit: P, modules: [{ lessons: [{ title: 'Một bài' }] }] });
      const e = await enrolAndComplete(tokens.bob, plain);
      expect(await waitForJob(t.db, issueCertificateKey(e))).toBe('succeeded');
      expect(await certificatesOf(t.db, bob.person.id)).toHaveLength(0);
    });
  });

  describe('verification and scope', () => {
    let certId: string;
    let code: string;

    beforeAll(async () => {
      const [c] = await certificatesOf(t.db, alice.person.id);
      certId = c.id;
      code = c.code;
    });

    it('says valid, with only what verification needs, for the code in any typing', async () => {
      const printed = formatVerificationCode(code);
      for (const typed of [printed, code, printed.toLowerCase(), printed.replace(/-/g, ' ')]) {
        const res = await verify(typed).expect(200);
        expect(res.body).toMatchObject({ status: 'valid', personName: 'Nguyễn Thị Ngọc Ánh', code: printed });
      }
      const res = await verify(code).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(
        [
          'authority',
          'code',
          'courseCode',
          'expiresOn',
          'issuedOn',
          'kind',
          'personName',
          'replacedBy',
          'revokedOn',
          'serial',
          'status',
          'title',
          'versionNo',
        ].sort(),
      );
      expect(JSON.stringify(res.body)).not.toMatch(/@|Xã Ánh Dương|HR_OFFICIAL|quyền con người,/);
      const page = await t.http.get(`/verify/${printed}`).expect(200);
      expect(page.text).toContain('Nguyễn Thị Ngọc Ánh');
      expect(page.text).toContain('Giấy chứng nhận hợp lệ');
    });

    it('tells a mistyped code (check the code) from an unknown one (404)', async () => {
      const body = code.slice(0, 27);
      const wrongCheck =
        body + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.split('').find((ch) => ch !== code[27] && ch !== '0')!;
      const mistyped = await verify(wrongCheck).expect(400);
      expect(mistyped.body.details).toEqual([expect.objectContaining({ field: 'code' })]);
      expect(mistyped.body.message).toMatch(/check the code/);
      const page = await t.http.get(`/verify/${wrongCheck}`).expect(400);
      expect(page.text).toContain('kiểm tra lại mã');
      await verify('not-a-code').expect(400);
      // A well-formed code nobody holds: its check character is right.
      let unknown = '';
      const { newVerificationCode } = await import('@app/certificates');
      unknown = newVerificationCode();
      await verify(unknown).expect(404);
      const notFound = await t.http.get(`/verify/${unknown}`).expect(404);
      expect(notFound.text).toContain('Không tìm thấy giấy chứng nhận');
    });

    it('shows the certificate and its PDF to the person and to organisers of the subtree only', async () => {
      await api('get', `/certificates/${certId}`, tokens.alice).expect(200);
      await api('get', `/certificates/${certId}`, tokens.orgA).expect(200);
      await api('get', `/certificates/${certId}`, tokens.orgP).expect(200);
      await api('get', `/certificates/${certId}`, tokens.agencyP).expect(200);
      for (const outsider of [tokens.orgB, tokens.agencyQ, tokens.bob]) {
        await api('get', `/certificates/${certId}`, outsider).expect(404);
        await api('get', `/certificates/${certId}/pdf`, outsider).expect(404);
      }
      const pdf = await api('get', `/certificates/${certId}/pdf`, tokens.alice).expect(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(
        Buffer.from(pdf.body as Buffer)
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      const ofA = await api('get', '/certificates', tokens.orgA).expect(200);
      expect(ofA.body.items.map((c: { id: string }) => c.id)).toContain(certId);
      const ofB = await api('get', '/certificates', tokens.orgB).expect(200);
      expect(ofB.body.total).toBe(0);
      const ofQ = await api('get', '/certificates', tokens.agencyQ).expect(200);
      expect(ofQ.body.total).toBe(0);
      await api('get', '/certificates', tokens.alice).expect(403);
      await api('get', `/certificates?unitId=${B.id}`, tokens.orgA).expect(404);
      const search = await api('get', '/certificates?q=ngoc%20anh', tokens.orgP).expect(200);
      expect(search.body.items.map((c: { id: string }) => c.id)).toEqual([certId]);
      await api('get', '/certificates?status=bogus', tokens.orgP).expect(400);
      const csv = await api('get', '/certificates.csv?q=ngoc', tokens.orgP).buffer(true).expect(200);
      const text = String(csv.text);
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const lines = text.slice(1).trim().split('\r\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^Số hiệu \/ Serial,Mã xác minh/);
      expect(lines[1]).toContain('Nguyễn Thị Ngọc Ánh');
      expect(lines[1]).toContain(formatVerificationCode(code));
      expect(lines[1]).not.toMatch(/@/);
      const audited = await t.db.query(`SELECT details FROM audit_log WHERE action = 'certificates.export.end'`);
      expect(audited).toEqual([{ details: expect.objectContaining({ rowCount: 1, complete: true }) }]);
      const ofBcsv = await api('get', '/certificates.csv', tokens.orgB).buffer(true).expect(200);
      expect(String(ofBcsv.text)).not.toContain('Nguyễn Thị Ngọc Ánh');
      const page = await (await t.given.webLogin(orgP)).agent.get('/certificates?q=ngoc').expect(200);
      expect(page.text).toContain('Nguyễn Thị Ngọc Ánh');
    });

    it('bulk: a ZIP of the subtree’s PDFs made by a job, downloadable for 24 hours by readers of the subtree only', async () => {
      const asked = await api('post', '/certificate-zips', tokens.orgA).send({}).expect(202);
      const jobId = asked.body.jobId as string;
      const [{ business_key: key }] = await t.db.query(`SELECT business_key FROM job_run WHERE id = $1`, [jobId]);
      expect(await waitForJob(t.db, key)).toBe('succeeded');
      const status = await api('get', `/certificate-zips/${jobId}`, tokens.orgA).expect(200);
      expect(status.body).toMatchObject({ status: 'succeeded', progress: 100, count: 7 });
      expect(status.body.downloadUrl).toBe(`/api/v1/certificate-zips/${jobId}/download`);
      await api('get', `/certificate-zips/${jobId}`, tokens.orgB).expect(404);
      await api('get', `/certificate-zips/${jobId}/download`, tokens.agencyQ).expect(404);
      await api('post', '/certificate-zips', tokens.orgB).send({ unitId: A.id }).expect(404);
      const zip = await api('get', `/certificate-zips/${jobId}/download`, tokens.orgA)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const entries = [...zipEntries(zip.body as Buffer, 100)];
      expect(entries).toHaveLength(7);
      const [first] = await certificatesOf(t.db, alice.person.id);
      expect(entries.map((e) => e.name)).toContain(`${first.serial}.pdf`);
      expect(entries.every((e) => e.data.subarray(0, 5).toString() === '%PDF-')).toBe(true);
      const audited = await t.db.query(`SELECT details FROM audit_log WHERE action = 'certificates.zip.download.end'`);
      expect(audited).toEqual([{ details: expect.objectContaining({ complete: true }) }]);
      t.clock.advance(25 * 3_600_000);
      const orgAAgain = await t.given.tokenFor(orgA);
      expect((await api('get', `/certificate-zips/${jobId}`, orgAAgain).expect(200)).body.downloadUrl).toBeNull();
      await api('get', `/certificate-zips/${jobId}/download`, orgAAgain).expect(404);
      t.clock.advance(-25 * 3_600_000); // back, so the tokens of the next tests are still valid
    });

    it('revokes with a reason (managers of the subtree only), once; verification then says revoked', async () => {
      await api('post', `/certificates/${certId}/revoke`, tokens.orgB).send({ reason: 'Cấp nhầm người' }).expect(404);
      await api('post', `/certificates/${certId}/revoke`, tokens.agencyP)
        .send({ reason: 'Cấp nhầm người' })
        .expect(403);
      await api('post', `/certificates/${certId}/revoke`, tokens.alice).send({ reason: 'Cấp nhầm người' }).expect(403);
      const noReason = await api('post', `/certificates/${certId}/revoke`, tokens.orgA).send({}).expect(400);
      expect(JSON.stringify(noReason.body)).toMatch(/reason/);
      expect((await verify(code).expect(200)).body.status).toBe('valid');

      const res = await api('post', `/certificates/${certId}/revoke`, tokens.orgA)
        .send({ reason: 'Cấp nhầm người' })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'revoked', revokeReason: 'Cấp nhầm người' });
      await api('post', `/certificates/${certId}/revoke`, tokens.orgA).send({ reason: 'Lần nữa' }).expect(409);
      const v = await verify(code).expect(200);
      expect(v.body).toMatchObject({ status: 'revoked', revokedOn: res.body.revokedOn, replacedBy: null });
      await api('get', `/certificates/${certId}/pdf`, tokens.alice).expect(200);
      const audit = await t.db.query(`SELECT entity_id FROM audit_log WHERE action = 'certificate.revoke'`);
      expect(audit).toEqual([{ entity_id: certId }]);
      expect(await t.db.query(`SELECT person_id FROM roster_change WHERE kind = 'certificate_revoked'`)).toEqual([
        { person_id: alice.person.id },
      ]);
    });

    it('re-issues with the corrected name: a new serial and code, the old one revoked and pointing to it', async () => {
      const [, second] = await t.db.query<Array<{ id: string; code: string }>>(
        `SELECT id, code FROM certificate WHERE revoked_at IS NULL ORDER BY serial LIMIT 2`,
      );
      const holder = await t.db.query<Array<{ person_id: string }>>(`SELECT person_id FROM certificate WHERE id = $1`, [
        second.id,
      ]);
      // The roster has no rename route yet (names change through the roster import): the corrected name is written here.
      await t.db.query(`UPDATE person SET full_name = 'Học viên Hai (đã sửa)' WHERE id = $1`, [holder[0].person_id]);
      const res = await api('post', `/certificates/${second.id}/reissue`, tokens.orgP)
        .send({ reason: 'Sửa họ tên' })
        .expect(201);
      expect(res.body).toMatchObject({ personName: 'Học viên Hai (đã sửa)', status: 'valid', replacesId: second.id });
      expect(res.body.serial).toMatch(/-000008$/);
      const old = await verify(second.code).expect(200);
      expect(old.body.status).toBe('revoked');
      expect(old.body.replacedBy.code).toBe(res.body.code);
      expect((await verify(res.body.code).expect(200)).body.status).toBe('valid');
      await api('post', `/certificates/${second.id}/reissue`, tokens.orgP).send({ reason: 'Lần nữa' }).expect(409);
    });

    it('says expired from the day the certificate expires, and reminds the holder before, once each', async () => {
      const [c] = await t.db.query<Array<{ id: string; code: string; person_id: string }>>(
        `SELECT id, code, person_id FROM certificate WHERE revoked_at IS NULL ORDER BY serial LIMIT 1`,
      );
      await t.db.query(`UPDATE person SET email = 'hocvien@example.vn' WHERE id = $1`, [c.person_id]);
      const job = t.app.get(ExpiryRemindersJob);
      const [{ expires }] = await t.db.query(
        `SELECT to_char(expires_on, 'YYYY-MM-DD') AS expires FROM certificate WHERE id = $1`,
        [c.id],
      );
      const daysBefore = (n: number) =>
        new Date(Date.parse(`${expires}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
      expect(await job.handle({ day: daysBefore(45) })).toEqual({ sent: 0 });
      expect(await job.handle({ day: daysBefore(20) })).toEqual({ sent: 1 });
      expect(await job.handle({ day: daysBefore(19) })).toEqual({ sent: 0 });
      expect(await job.handle({ day: daysBefore(5) })).toEqual({ sent: 1 });
      const mails = await t.db.query(`SELECT kind, to_address FROM outbox_message WHERE kind = 'certificate.expiry'`);
      expect(mails).toHaveLength(2);

      t.clock.advance(Date.parse(`${expires}T00:00:00Z`) - t.clock.now().getTime() - 3_600_000 * 8);
      expect((await verify(c.code).expect(200)).body.status).toBe('valid');
      t.clock.advance(3_600_000 * 2);
      expect((await verify(c.code).expect(200)).body.status).toBe('expired');
      // A year on, the tokens of the start have expired: log in again.
      const orgPToken = await t.given.tokenFor(orgP);
      const expired = await api('get', '/certificates?status=expired', orgPToken).expect(200);
      expect(expired.body.items.map((x: { id: string }) => x.id)).toContain(c.id);
    });

    it('limits lookups of unknown codes per address (429 with Retry-After), and lets them again in the next window', async () => {
      t.clock.advanceMinutes(10);
      const { newVerificationCode } = await import('@app/certificates');
      for (let i = 0; i < VERIFY_MAX_MISSES; i++) await verify(newVerificationCode()).expect(404);
      const limited = await verify(code).expect(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      await t.http.get(`/verify/${formatVerificationCode(code)}`).expect(429);
      t.clock.advanceMinutes(10);
      await verify(code).expect(200);
    });
  });

  it('prints a unit whose name already says its place without the place again', async () => {
    const dept = await t.given.unit({ parent: P, name: 'Sở Văn hóa tỉnh Phương Nam' });
    const officer = await t.given.learner({ unit: dept, roles: ['HR_OFFICIAL'], fullName: 'Lê Thị Sở' });
    const e = await enrolAndComplete(await t.given.tokenFor(officer));
    expect(await waitForJob(t.db, issueCertificateKey(e))).toBe('succeeded');
    const [{ unit }] = await t.db.query(`SELECT snapshot->>'unitName' AS unit FROM certificate WHERE person_id = $1`, [
      officer.person.id,
    ]);
    expect(unit).toBe('Sở Văn hóa tỉnh Phương Nam');
  });
});
