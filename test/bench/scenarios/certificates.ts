import { CertificatePdfRenderer, CertificatePrint } from '@app/certificates';
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

/**
 * Placeholder for "issue the certificates of 10,000 completions as a batch" (issue 10): the issuing job is not
 * written yet. Returns the figure once it is, null until then (printed "(not measured yet)").
 */
export async function issueBatchFigure(_options: ScenarioOptions): Promise<BenchRow | null> {
  return Promise.resolve(null);
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
  const batch = await issueBatchFigure(options);
  return {
    dataSize: `${s.count} distinct certificates each way (name, serial, code and QR, title, score, expiry vary)`,
    setup:
      `one process, one certificate at a time (the worker's shape); fonts Be Vietnam Pro 400/700/400 italic; ` +
      `rounds of ${ROUND} alternating shared / per-document fonts for ${options.seconds * 2} s in all; ` +
      `no seal image`,
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
      batch ?? {
        figure: 'issue the certificates of 10,000 completions as a batch',
        value: Number.NaN,
        unit: 's',
        baseline: null,
        baselineValue: null,
        ratio: null,
        note: '(not measured yet)',
      },
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
