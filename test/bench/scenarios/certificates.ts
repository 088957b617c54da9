import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  CertificateIssuer,
  CertificatePdfRenderer,
  CertificatePrint,
  DEMO_AUTHORITY,
  ISSUE_CHUNK,
} from '@app/certificates';
import { createPublishedCourse } from '../../factories/courses';
import { openBenchDatabase, startBenchApp } from '../bench-app';
import { BenchRow, ratioOf, Scenario, ScenarioOptions, ScenarioResult } from '../types';

const MB = 2 ** 20;
/** Each figure renders at least this many certificates, more when `--seconds` allows. */
const MIN_DOCUMENTS = 300;
/** Rendered alternately, shared then per-document, so that both see the same load on a busy machine. */
const ROUND = 25;

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Thị Ngọc', 'Hữu', 'Văn', 'Thị Diễm', 'Minh', 'Quốc', 'Thị Mỹ', 'Đức'];
const GIVEN = ['Ánh', 'Ước', 'Hương', 'Phúc', 'Trang', 'Dũng', 'Thảo', 'Khoa', 'Yến', 'Lộc', 'Nghĩa'];
const TITLES = [
  'Truyền thông về quyền con người cho cán bộ cơ sở',
  'Kỹ năng tiếp nhận và xử lý phản ánh, kiến nghị của người dân',
  'Quyền của người khuyết tật và trách nhiệm của chính quyền địa phương',
  'Phòng, chống bạo lực gia đình: nhận diện, can thiệp và hỗ trợ',
];

/** The i-th certificate: names, titles, serials and codes all differ from one to the next. */
function printOf(i: number): CertificatePrint {
  const code = `${(i * 7919).toString(36).toUpperCase().padStart(4, 'Q')}-M9XA-PL3D-W8RT-ZC4N-${i % 10}`;
  return {
    kind: i % 5 === 0 ? 'session' : 'course',
    serial: `VL-2026-${String(i + 1).padStart(6, '0')}`,
    code,
    verifyUrl: `https://moc.example.vn/verify/${code}`,
    personName: `${FAMILY[i % FAMILY.length]} ${MIDDLE[i % MIDDLE.length]} ${GIVEN[i % GIVEN.length]}`,
    unitName: `Phòng Văn hóa - Xã hội, Xã Long Hồ ${i % 97}`,
    roleNames: i % 3 === 0 ? [] : ['Công chức Văn hóa - Xã hội'],
    title: TITLES[i % TITLES.length],
    courseCode: `QCN-${100 + (i % TITLES.length)}`,
    versionNo: 1 + (i % 4),
    scorePercent: i % 4 === 0 ? null : 60 + (i % 41),
    issueDate: '2026-12-04',
    expiresOn: i % 2 === 0 ? '2028-12-04' : null,
    authority: {
      parentName: 'Ủy ban nhân dân tỉnh Vĩnh Long',
      name: 'Sở Văn hóa, Thể thao và Du lịch',
      placeName: 'Vĩnh Long',
      signatoryTitle: 'Giám đốc',
      signatoryName: 'Đặng Hữu Ước',
    },
    sealImage: null,
  };
}

interface Tally {
  ms: number[];
  bytes: number;
  peakRss: number;
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const BATCH_PEOPLE = 10_000;
/** Single issues are sampled when all 10,000 would take longer than this (the estimate after the sample). */
const SINGLE_BUDGET_SECONDS = 60;
const SINGLE_SAMPLE = 2_000;

/**
 * A certifying course with `people` completed enrolments, none certified yet: people in one commune of a bench
 * province, each holding one role since 2020, their enrolments completed over the past 30 days. Set-based SQL
 * inserts (generate_series), not the roster import or the learning flow: this measures the issuer, not the seeding.
 */
async function completedCohort(db: DataSource, units: BenchUnits, label: string, people: number): Promise<string> {
  const course = await createPublishedCourse(db, {
    ownerUnit: { id: units.provinceId },
    title: `Kiến thức cơ bản về quyền con người (${label})`,
  });
  await db.query(
    `INSERT INTO course_certificate (course_id, authority_unit_id, validity_months, enabled, updated_at)
     VALUES ($1, $2, 24, true, now())`,
    [course.id, units.provinceId],
  );
  await db.transaction(async (m) => {
    await m.query(
      `CREATE TEMP TABLE bench_people ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, i FROM generate_series(1, $1) i`,
      [people],
    );
    await m.query(
      `INSERT INTO person (id, province_unit_id, employee_code, full_name, unit_id, status)
       SELECT b.id, $1, $3 || '-' || b.i,
              (ARRAY['Nguyễn','Trần','Lê','Phạm','Hoàng','Huỳnh','Võ','Đặng'])[1 + b.i % 8] || ' ' ||
              (ARRAY['Thị Ngọc','Hữu','Văn','Thị Diễm','Minh','Quốc'])[1 + b.i % 6] || ' ' ||
              (ARRAY['Ánh','Ước','Hương','Phúc','Trang','Dũng','Thảo','Khoa','Yến'])[1 + b.i % 9],
              $2, 'active'
         FROM bench_people b`,
      [units.provinceId, units.communeId, label],
    );
    await m.query(
      `INSERT INTO person_role (person_id, role_id, valid_from)
       SELECT b.id, (SELECT id FROM role ORDER BY sort_order, code LIMIT 1), DATE '2020-01-01' FROM bench_people b`,
    );
    await m.query(
      `INSERT INTO enrolment (person_id, course_id, version_id, source, enrolled_at, started_at, completed_at,
                              progress_percent)
       SELECT b.id, $1, $2, 'self', now() - interval '60 days', now() - interval '59 days',
              now() - make_interval(mins => b.i * 4), 100
         FROM bench_people b`,
      [course.id, course.versionId],
    );
  });
  await db.query(`ANALYZE person; ANALYZE person_role; ANALYZE enrolment`);
  return course.id;
}

interface BenchUnits {
  provinceId: string;
  communeId: string;
}

/** A province (the issuing authority) and one of its communes, with their closure rows. */
async function benchUnits(db: DataSource): Promise<BenchUnits> {
  const [country] = await db.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE type = 'country'`);
  const provinceId = randomUUID();
  const communeId = randomUUID();
  await db.transaction(async (m) => {
    await m.query(
      `INSERT INTO org_unit (id, code, name, type, parent_id) VALUES
         ($1, 'BENCH-VL', 'Tỉnh Vĩnh Long', 'province', $3), ($2, 'BENCH-LH', 'Xã Long Hồ', 'commune', $1)`,
      [provinceId, communeId, country.id],
    );
    await m.query(
      `INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth) VALUES
         ($1, $1, 0), ($2, $2, 0), ($3, $1, 1), ($3, $2, 2), ($1, $2, 1)`,
      [provinceId, communeId, country.id],
    );
    await m.query(
      `INSERT INTO certificate_authority (unit_id, serial_prefix, parent_name, name, place_name, signatory_title,
                                          signatory_name, updated_at)
       VALUES ($1, 'VL', $2, $3, 'Vĩnh Long', $4, $5, now())`,
      [
        provinceId,
        DEMO_AUTHORITY.parentName,
        DEMO_AUTHORITY.name,
        DEMO_AUTHORITY.signatoryTitle,
        DEMO_AUTHORITY.signatoryName,
      ],
    );
  });
  return { provinceId, communeId };
}

/** The course's certificates, their distinct serials, and the span of their numbers (= count when without gaps). */
async function countIssued(
  db: DataSource,
  courseId: string,
): Promise<{ certificates: number; serials: number; span: number }> {
  const [row] = await db.query<Array<{ certificates: number; serials: number; span: number }>>(
    `SELECT count(*)::int AS certificates, count(DISTINCT serial)::int AS serials,
            (max(right(serial, 6)::int) - min(right(serial, 6)::int) + 1)::int AS span
       FROM certificate WHERE course_id = $1`,
    [courseId],
  );
  return row;
}

/**
 * "Issue the certificates of 10,000 completions as a batch" (issue 10): the due sweep's code
 * (`CertificateIssuer.issueAllDue()`, chunks of ISSUE_CHUNK per transaction) over 10,000 completed enrolments in a
 * fresh migrated database, next to the same issuer called once per enrolment (`issue([id])`, one transaction each)
 * on a second set of 10,000 — or on the first SINGLE_SAMPLE of them, scaled, when all would take over a minute.
 */
export async function issueBatchFigures(): Promise<{ rows: BenchRow[]; setup: string }> {
  const database = await openBenchDatabase();
  try {
    const bench = await startBenchApp(database.url, { REMINDERS_SCHEDULE: 'false' });
    try {
      const issuer = bench.app.get(CertificateIssuer);
      const units = await benchUnits(bench.db);
      console.log(`   ${BATCH_PEOPLE.toLocaleString('en-US')} completions, issued as a batch …`);
      const batchCourse = await completedCohort(bench.db, units, 'batch', BATCH_PEOPLE);
      const batchStarted = performance.now();
      const issued = await issueAllDueCounted(issuer);
      const batchSeconds = (performance.now() - batchStarted) / 1000;
      const batchCount = await countIssued(bench.db, batchCourse);
      if (
        issued !== BATCH_PEOPLE ||
        batchCount.certificates !== BATCH_PEOPLE ||
        batchCount.serials !== BATCH_PEOPLE ||
        batchCount.span !== BATCH_PEOPLE
      ) {
        throw new Error(
          `the batch did not issue ${BATCH_PEOPLE} certificates: ${JSON.stringify({ issued, ...batchCount })}`,
        );
      }

      console.log(`   ${BATCH_PEOPLE.toLocaleString('en-US')} more completions, issued one per call …`);
      const singleCourse = await completedCohort(bench.db, units, 'single', BATCH_PEOPLE);
      const ids = (
        await bench.db.query<Array<{ id: string }>>(
          `SELECT id FROM enrolment WHERE course_id = $1 ORDER BY completed_at, id`,
          [singleCourse],
        )
      ).map((r) => r.id);
      let singles = 0;
      const singleStarted = performance.now();
      for (const id of ids) {
        const made = await issuer.issue([id]);
        if (made.length !== 1) throw new Error(`issue([${id}]) issued ${made.length} certificates`);
        singles++;
        const elapsed = (performance.now() - singleStarted) / 1000;
        if (singles === SINGLE_SAMPLE && (elapsed / singles) * ids.length > SINGLE_BUDGET_SECONDS) break;
      }
      const singleElapsed = (performance.now() - singleStarted) / 1000;
      const sampled = singles < ids.length;
      const singleSeconds = (singleElapsed / singles) * ids.length;
      if ((await countIssued(bench.db, singleCourse)).certificates !== singles) {
        throw new Error('the single issues did not leave one certificate per call');
      }
      const baseline = `same ${BATCH_PEOPLE.toLocaleString('en-US')}, issue([id]) one per call`;
      const sampleNote = sampled
        ? `baseline: ${singles.toLocaleString('en-US')} calls in ${singleElapsed.toFixed(1)} s, scaled ×${ids.length / singles}`
        : `baseline: all ${singles.toLocaleString('en-US')} calls measured`;
      return {
        setup:
          `batch: ${BATCH_PEOPLE.toLocaleString('en-US')} completed enrolments of one certifying course (set-based SQL ` +
          `inserts) in a fresh migrated database on the bench PostgreSQL (${database.server}), issueAllDue() in ` +
          `chunks of ${ISSUE_CHUNK.toLocaleString('en-US')} per transaction; baseline on a second set of ` +
          `${BATCH_PEOPLE.toLocaleString('en-US')}, one transaction per enrolment${sampled ? ` (${SINGLE_SAMPLE.toLocaleString('en-US')} sampled, scaled)` : ''}`,
        rows: [
          {
            figure: `issue ${BATCH_PEOPLE.toLocaleString('en-US')} completions as a batch`,
            value: batchSeconds,
            unit: 's',
            baseline,
            baselineValue: singleSeconds,
            ratio: ratioOf(batchSeconds, singleSeconds),
            note: `${issued.toLocaleString('en-US')} certificates, serials without gaps; ${sampleNote}`,
          },
          {
            figure: 'certificates issued per second, as a batch',
            value: issued / batchSeconds,
            unit: '/s',
            baseline,
            baselineValue: ids.length / singleSeconds,
            ratio: ratioOf(issued / batchSeconds, ids.length / singleSeconds),
            note: 'snapshot, serial, code, roster-change rows and one audit entry per chunk',
          },
        ],
      };
    } finally {
      await bench.close();
    }
  } finally {
    await database.close();
  }
}

/** issueAllDue(), checking that it went chunk by chunk. */
async function issueAllDueCounted(issuer: CertificateIssuer): Promise<number> {
  let chunks = 0;
  const issued = await issuer.issueAllDue(() => {
    chunks++;
    return Promise.resolve();
  });
  if (chunks !== Math.ceil(BATCH_PEOPLE / ISSUE_CHUNK)) throw new Error(`issueAllDue ran ${chunks} chunks`);
  return issued;
}

async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const shared = new CertificatePdfRenderer();
  const perDocument = new CertificatePdfRenderer({ fonts: 'per-document' });
  const rssBefore = process.memoryUsage.rss() / MB;
  const firstStarted = performance.now();
  await shared.render(printOf(0)); // includes parsing the fonts: the cost the first certificate of a process pays
  const firstMs = performance.now() - firstStarted;
  for (let i = 0; i < 20; i++) {
    await shared.render(printOf(i)); // warm-up (JIT, glyph caches)
    await perDocument.render(printOf(i));
  }

  const tallies = { shared: { ms: [], bytes: 0, peakRss: 0 }, perDocument: { ms: [], bytes: 0, peakRss: 0 } };
  const renderRound = async (renderer: CertificatePdfRenderer, tally: Tally, from: number): Promise<void> => {
    for (let i = from; i < from + ROUND; i++) {
      const started = performance.now();
      const pdf = await renderer.render(printOf(i));
      tally.ms.push(performance.now() - started);
      tally.bytes += pdf.length;
      // rendering never yields to timers, so the RSS is sampled here rather than on an interval
      tally.peakRss = Math.max(tally.peakRss, process.memoryUsage.rss() / MB);
    }
  };
  const deadline = performance.now() + options.seconds * 2 * 1000;
  let next = 1_000;
  while (tallies.shared.ms.length < MIN_DOCUMENTS || performance.now() < deadline) {
    await renderRound(shared, tallies.shared, next);
    await renderRound(perDocument, tallies.perDocument, next);
    next += ROUND;
  }

  const figures = (t: Tally) => {
    const sorted = [...t.ms].sort((a, b) => a - b);
    const totalMs = t.ms.reduce((a, b) => a + b, 0);
    return {
      count: t.ms.length,
      rate: (t.ms.length * 1000) / totalMs,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      kb: t.bytes / t.ms.length / 1024,
      peakRss: t.peakRss,
    };
  };
  const s = figures(tallies.shared);
  const b = figures(tallies.perDocument);
  const baselineName = 'same template, fonts parsed per document';
  const batch = await issueBatchFigures();
  return {
    dataSize:
      `${s.count} distinct certificates each way (name, serial, code and QR, title, score, expiry vary); ` +
      `2 × ${BATCH_PEOPLE.toLocaleString('en-US')} completed enrolments to issue`,
    setup:
      `one process, one certificate at a time (the worker's shape); fonts Be Vietnam Pro 400/700/400 italic; ` +
      `rounds of ${ROUND} alternating shared / per-document fonts for ${options.seconds * 2} s in all; ` +
      `no seal image; ${batch.setup}`,
    rows: [
      {
        figure: 'certificate PDFs per second, fonts parsed once per process',
        value: s.rate,
        unit: '/s',
        baseline: baselineName,
        baselineValue: b.rate,
        ratio: ratioOf(s.rate, b.rate),
        note: `${s.count} and ${b.count} PDFs`,
        budget: 'certificate-pdf-rate',
      },
      {
        figure: 'ms per PDF, p50',
        value: s.p50,
        unit: 'ms',
        baseline: baselineName,
        baselineValue: b.p50,
        ratio: ratioOf(s.p50, b.p50),
        note: `first certificate of the process (parses the fonts): ${firstMs.toFixed(0)} ms`,
      },
      {
        figure: 'ms per PDF, p95',
        value: s.p95,
        unit: 'ms',
        baseline: baselineName,
        baselineValue: b.p95,
        ratio: ratioOf(s.p95, b.p95),
        note: '',
      },
      {
        figure: 'PDF size, mean',
        value: s.kb,
        unit: 'KB',
        baseline: baselineName,
        baselineValue: b.kb,
        ratio: ratioOf(s.kb, b.kb),
        note: 'fonts embedded as subsets',
      },
      {
        figure: 'peak RSS of the process',
        value: Math.max(s.peakRss, b.peakRss),
        unit: 'MB',
        baseline: 'RSS before the first certificate',
        baselineValue: rssBefore,
        ratio: ratioOf(Math.max(s.peakRss, b.peakRss), rssBefore),
        note: 'sampled after each PDF, both ways together',
      },
      ...batch.rows,
    ],
  };
}

/** Certificate PDFs per second with the fonts parsed once per process, next to parsing them per document. */
export const certificatesScenario: Scenario = {
  name: 'certificates',
  title: 'Certificate PDFs rendered per second in one process, fonts parsed once, against fonts parsed per document',
  defaults: { seconds: 10, concurrency: 1 },
  run,
};
