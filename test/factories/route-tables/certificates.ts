import type { TestApp } from '../../setup/test-app';
import { issueCertificateKey } from '@app/certificates';
import { putAuthority, waitForJob } from '../certificates';
import { createPublishedCourse } from '../courses';
import { Caller, RouteTable } from '../scope-matrix';
import type { MatrixWorld } from './world';

/** The matrix world with a certificate of learnerA (commune A), issued by province P for a course P owns. */
export interface CertificateWorld extends MatrixWorld {
  courseId: string;
  certificateId: string;
  certificates: () => Promise<string>;
  /** A finished certificate ZIP of commune A, asked for by orgA. */
  zipJobId: string;
}

export async function withCertificate(t: TestApp, w: MatrixWorld): Promise<CertificateWorld> {
  const course = await createPublishedCourse(t.db, { ownerUnit: w.P, modules: [{ lessons: [{ title: 'Bài 1' }] }] });
  const asOrgP = (req: ReturnType<TestApp['http']['put']>) => req.auth(w.tokens.orgP, { type: 'bearer' });
  await putAuthority(t.http, w.P.id, w.tokens.orgP);
  await asOrgP(t.http.put(`/api/v1/courses/${course.id}/certificate`))
    .send({ authorityUnitId: w.P.id })
    .expect(200);
  const learner = w.tokens.learnerA;
  const enrolment = await t.http.post(`/api/v1/courses/${course.id}/enrolment`).auth(learner, { type: 'bearer' });
  await t.http
    .post(`/api/v1/enrolments/${enrolment.body.id}/lessons/${course.lessonIds[0]}/completion`)
    .auth(learner, { type: 'bearer' })
    .expect(200);
  await waitForJob(t.db, issueCertificateKey(enrolment.body.id as string));
  const [cert] = await t.db.query<Array<{ id: string }>>(`SELECT id FROM certificate WHERE person_id = $1`, [
    w.learnerA.person.id,
  ]);
  const certificates = async () =>
    JSON.stringify(await t.db.query(`SELECT id, serial, revoked_at FROM certificate ORDER BY serial`)) +
    JSON.stringify(await t.db.query(`SELECT * FROM certificate_authority`)) +
    JSON.stringify(await t.db.query(`SELECT * FROM course_certificate`));
  const zip = await t.http
    .post('/api/v1/certificate-zips')
    .auth(w.tokens.orgA, { type: 'bearer' })
    .send({ unitId: w.A.id })
    .expect(202);
  const [job] = await t.db.query<Array<{ key: string }>>(`SELECT business_key AS key FROM job_run WHERE id = $1`, [
    zip.body.jobId,
  ]);
  await waitForJob(t.db, job.key);
  return { ...w, courseId: course.id, certificateId: cert.id, certificates, zipJobId: zip.body.jobId as string };
}

const READERS: readonly Caller[] = ['orgA', 'orgB', 'orgP', 'orgQ', 'agencyP', 'agencyQ', 'admin'];
const EVERYONE: readonly Caller[] = [...READERS, 'learnerA', 'learnerB'];
/** Who sees learnerA's certificate: the person, and whoever reads certificates over commune A. */
const SEERS_OF_A: readonly Caller[] = ['learnerA', 'orgA', 'orgP', 'agencyP', 'admin'];
/** Who revokes or re-issues it (Policy.CertificateManage over A). */
const MANAGERS_OF_A: readonly Caller[] = ['orgA', 'orgP', 'admin'];
/** Who sets province P's authority (Policy.CertificateManage over P) and authors P's course. */
const MANAGERS_OF_P: readonly Caller[] = ['orgP', 'admin'];

const cert = (w: CertificateWorld) => w.certificateId;
const reason = () => ({ reason: 'Kiểm tra phân quyền' });

/** certificates: the API and the pages (public verification is outside any scope). */
export const CERTIFICATE_ROUTES: RouteTable<CertificateWorld> = {
  context: 'certificates',
  rows: [
    { route: 'GET /api/v1/certificates', allow: READERS, path: () => '/api/v1/certificates' },
    {
      route: 'GET /api/v1/certificates.csv',
      allow: READERS,
      path: () => '/api/v1/certificates.csv',
      shows: { callers: ['orgA', 'orgP', 'agencyP', 'admin'], markers: (w) => [w.learnerA.person.fullName] },
    },
    {
      route: 'POST /api/v1/certificate-zips',
      allow: ['orgA', 'orgP', 'agencyP', 'admin'],
      refusalsOnly: true,
      path: () => '/api/v1/certificate-zips',
      body: (w) => ({ unitId: w.A.id }),
      state: (w) => w.certificates(),
    },
    {
      route: 'GET /api/v1/certificate-zips/:jobId',
      allow: ['orgA', 'orgP', 'agencyP', 'admin'],
      path: (w) => `/api/v1/certificate-zips/${w.zipJobId}`,
    },
    {
      route: 'GET /api/v1/certificate-zips/:jobId/download',
      allow: ['orgA', 'orgP', 'agencyP', 'admin'],
      path: (w) => `/api/v1/certificate-zips/${w.zipJobId}/download`,
    },
    { route: 'GET /api/v1/me/certificates', allow: EVERYONE, path: () => '/api/v1/me/certificates' },
    { route: 'GET /api/v1/certificates/:id', allow: SEERS_OF_A, path: (w) => `/api/v1/certificates/${cert(w)}` },
    {
      route: 'GET /api/v1/certificates/:id/pdf',
      allow: SEERS_OF_A,
      path: (w) => `/api/v1/certificates/${cert(w)}/pdf`,
    },
    ...(['revoke', 'reissue'] as const).map((op) => ({
      route: `POST /api/v1/certificates/:id/${op}`,
      allow: MANAGERS_OF_A,
      refusalsOnly: true,
      path: (w: CertificateWorld) => `/api/v1/certificates/${cert(w)}/${op}`,
      body: reason,
      state: (w: CertificateWorld) => w.certificates(),
    })),
    {
      route: 'GET /api/v1/units/:unitId/certificate-authority',
      allow: ['orgP', 'agencyP', 'admin'],
      path: (w) => `/api/v1/units/${w.P.id}/certificate-authority`,
    },
    {
      route: 'PUT /api/v1/units/:unitId/certificate-authority',
      allow: MANAGERS_OF_P,
      refusalsOnly: true,
      path: (w) => `/api/v1/units/${w.P.id}/certificate-authority`,
      body: () => ({
        serialPrefix: 'XX',
        name: 'Đổi tên',
        placeName: 'Nơi khác',
        signatoryTitle: 'GĐ',
        signatoryName: 'Ai đó',
      }),
      state: (w) => w.certificates(),
    },
    {
      route: 'POST /api/v1/units/:unitId/certificate-authority/seal',
      allow: MANAGERS_OF_P,
      refusalsOnly: true,
      path: (w) => `/api/v1/units/${w.P.id}/certificate-authority/seal`,
      state: (w) => w.certificates(),
    },
    {
      route: 'GET /api/v1/courses/:courseId/certificate',
      allow: MANAGERS_OF_P,
      path: (w) => `/api/v1/courses/${w.courseId}/certificate`,
    },
    {
      route: 'PUT /api/v1/courses/:courseId/certificate',
      allow: MANAGERS_OF_P,
      refusalsOnly: true,
      path: (w) => `/api/v1/courses/${w.courseId}/certificate`,
      body: (w) => ({ authorityUnitId: w.P.id, validityMonths: 1 }),
      state: (w) => w.certificates(),
    },
    // pages
    { route: 'GET /my/certificates', allow: EVERYONE, path: () => '/my/certificates' },
    { route: 'GET /certificates', allow: READERS, path: () => '/certificates' },
    { route: 'GET /certificates/:id', allow: SEERS_OF_A, path: (w) => `/certificates/${cert(w)}` },
    { route: 'GET /certificates/:id/pdf', allow: SEERS_OF_A, path: (w) => `/certificates/${cert(w)}/pdf` },
    ...(['revoke', 'reissue'] as const).flatMap((op) => [
      {
        route: `GET /certificates/:id/${op}`,
        allow: MANAGERS_OF_A,
        path: (w: CertificateWorld) => `/certificates/${cert(w)}/${op}`,
      },
      {
        route: `POST /certificates/:id/${op}`,
        allow: MANAGERS_OF_A,
        refusalsOnly: true,
        path: (w: CertificateWorld) => `/certificates/${cert(w)}/${op}`,
        body: reason,
        state: (w: CertificateWorld) => w.certificates(),
      },
    ]),
  ],
};
