import { Permission } from '@app/common';
import { QUESTION_COLUMNS } from '@app/exams';
import { InProcessJobExecutor } from '@app/jobs';
import { UnitResponse, UnitType } from '@app/org';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import { sharedStringsBomb } from '../../factories/zip';
import { csvBuffer, xlsxFromRows } from '../../fixtures/import/roster-files';
import { createTestApp, TestApp } from '../../setup/test-app';

const MOODLE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/CRC</text></category></question>
  <question type="multichoice">
    <name><text>CRC 1990</text></name>
    <questiontext format="html"><text><![CDATA[<p>Việt Nam phê chuẩn Công ước về quyền trẻ em năm nào?</p>]]></text></questiontext>
    <generalfeedback format="html"><text>Ngày 20/2/1990.</text></generalfeedback>
    <single>true</single>
    <answer fraction="100"><text>1990</text><feedback><text>Đúng</text></feedback></answer>
    <answer fraction="0"><text>1982</text></answer>
    <answer fraction="-50"><text>2000</text></answer>
  </question>
  <question type="multichoice">
    <name><text>Gia nhập 1982</text></name>
    <questiontext format="html"><text>Những công ước Việt Nam gia nhập ngày 24/9/1982?</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>ICCPR</text></answer>
    <answer fraction="50"><text>ICESCR</text></answer>
    <answer fraction="-100"><text>CAT</text></answer>
  </question>
  <question type="category"><category><text>$course$/Quyền trẻ em</text></category></question>
  <question type="truefalse">
    <name><text>Ngày 10/12</text></name>
    <questiontext format="html"><text>Ngày Quốc tế Nhân quyền là 10 tháng 12.</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
  <question type="shortanswer">
    <name><text>UPR</text></name>
    <questiontext format="html"><text>Viết tắt của Rà soát định kỳ phổ quát?</text></questiontext>
    <answer fraction="100"><text>UPR</text></answer>
    <answer fraction="50"><text>Universal Periodic Review</text></answer>
  </question>
  <question type="essay">
    <name><text>Tiểu luận</text></name>
    <questiontext format="html"><text>Viết về quyền con người.</text></questiontext>
  </question>
  <question type="multichoice">
    <name><text>Có ảnh</text></name>
    <questiontext format="html"><text><![CDATA[<p>Ảnh: <img src="@@PLUGINFILE@@/a.png"></p>]]></text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>A</text></answer>
    <answer fraction="0"><text>B</text></answer>
  </question>
</quiz>
`;

const GIFT = `$CATEGORY: $course$/top/Công ước về quyền trẻ em

::CRC 1990::Việt Nam phê chuẩn Công ước về quyền trẻ em năm nào?{=1990 ~1982 ~%-50%2000}

::Ngày 10/12::Ngày Quốc tế Nhân quyền là 10 tháng 12.{T}

::UPR::Viết tắt của Rà soát định kỳ phổ quát?{=UPR =%50%Universal Periodic Review}

::Ghép đôi::Ghép{=a -> 1 =b -> 2 =c -> 3}
`;

const HEADER = QUESTION_COLUMNS.map((c) => c.headerVi);
type Cells = Partial<Record<(typeof QUESTION_COLUMNS)[number]['key'], string>>;
const row = (c: Cells): string[] => QUESTION_COLUMNS.map((col) => c[col.key] ?? '');

describe('question import and export (/api/v1/courses/:courseId/question-imports, questions.{xml,gift,csv,xlsx})', () => {
  let t: TestApp;
  let commune: UnitResponse;
  let organiser: string;
  let siblingOrganiser: string;

  beforeAll(async () => {
    t = await createTestApp();
    const province = await t.given.unit({ type: UnitType.Province });
    commune = await t.given.unit({ parent: province });
    const sibling = await t.given.unit({ parent: province });
    const token = async (scopeUnit: UnitResponse) =>
      t.given.tokenFor(await t.given.account({ permission: Permission.Organiser, scopeUnit }));
    [organiser, siblingOrganiser] = await Promise.all([token(commune), token(sibling)]);
  });
  afterAll(() => t.close());

  const newCourse = (): Promise<GivenCourse> =>
    createPublishedCourse(t.db, { ownerUnit: commune, modules: [{ lessons: [{}] }] });
  const upload = (course: { id: string }, file: Buffer, name: string, mode: string, token = organiser) =>
    t.http
      .post(`/api/v1/courses/${course.id}/question-imports`)
      .query({ mode })
      .auth(token, { type: 'bearer' })
      .attach('file', file, name);

  /** Uploads, waits for the job, returns the finished batch. */
  async function importFile(course: { id: string }, file: Buffer | string, name: string, mode = 'commit') {
    const res = await upload(course, Buffer.from(file), name, mode).expect(202);
    expect(res.body).toMatchObject({ mode, status: 'queued', fileName: name });
    await t.app.get(InProcessJobExecutor).onIdle();
    const done = await t.http
      .get(`/api/v1/question-imports/${res.body.id}`)
      .auth(organiser, { type: 'bearer' })
      .expect(200);
    expect(done.body).toMatchObject({ status: 'done', error: null });
    return done.body;
  }

  /** The course's own bank as the API lists it, without ids and times. */
  async function bank(course: { id: string }) {
    const res = await t.http
      .get(`/api/v1/courses/${course.id}/questions`)
      .query({ limit: 100 })
      .auth(organiser, { type: 'bearer' })
      .expect(200);
    return res.body.items.map(
      ({ id: _i, courseId: _c, versionId: _v, updatedAt: _u, ...q }: Record<string, unknown>) => q,
    );
  }

  const download = (path: string, token = organiser) =>
    t.http
      .get(`/api/v1${path}`)
      .auth(token, { type: 'bearer' })
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  const outcomes = (report: Array<{ name: string; outcome: string }>) =>
    Object.fromEntries(report.map((e) => [e.name, e.outcome]));

  it('Moodle XML: the dry run reports question by question and writes nothing; commit writes; re-import changes nothing; an edit makes a new version', async () => {
    const course = await newCourse();
    const dry = await importFile(course, MOODLE_XML, 'ngan-hang.xml', 'dry_run');
    expect(dry.counts).toEqual({
      questions: 6,
      created: 4,
      newVersions: 0,
      unchanged: 0,
      notImported: 2,
      unmappedCategories: 2,
    });
    expect(outcomes(dry.report)).toEqual({
      'CRC 1990': 'new',
      'Gia nhập 1982': 'new',
      'Ngày 10/12': 'new',
      UPR: 'new',
      'Tiểu luận': 'not_imported',
      'Có ảnh': 'not_imported',
    });
    const byName = Object.fromEntries(dry.report.map((e: { name: string }) => [e.name, e]));
    expect(byName['Tiểu luận'].problem).toMatchObject({ code: 'unsupported_type', reason: 'not imported: type essay' });
    expect(byName['Có ảnh'].problem).toMatchObject({ code: 'embedded_file' });
    expect(byName['Ngày 10/12'].notes).toEqual([expect.objectContaining({ code: 'category_without_topic' })]);
    expect(dry.categories).toEqual([
      { category: 'CRC', topic: 'crc' },
      { category: 'Quyền trẻ em', topic: null },
    ]);
    expect(dry.errorsUrl).toBe(`/api/v1/question-imports/${dry.id}/errors.csv`);
    const errors = await download(dry.errorsUrl.replace('/api/v1', '')).expect(200);
    expect(errors.body.toString('utf8')).toMatch(/^\uFEFFDòng \/ Line,/);
    expect(errors.body.toString('utf8')).toContain('không nhập: loại câu hỏi essay');
    expect(await bank(course)).toEqual([]);

    const committed = await importFile(course, MOODLE_XML, 'ngan-hang.xml');
    expect(committed.counts).toMatchObject({ created: 4, notImported: 2 });
    const imported = await bank(course);
    expect(imported.map((q: { name: string }) => q.name).sort()).toEqual(
      ['CRC 1990', 'Gia nhập 1982', 'Ngày 10/12', 'UPR'].sort(),
    );
    expect(imported.find((q: { name: string }) => q.name === 'CRC 1990')).toMatchObject({
      type: 'single_choice',
      topics: ['crc'], // from the category "CRC"
      explanation: 'Ngày 20/2/1990.',
      options: [
        { text: '1990', fraction: 1, feedback: 'Đúng' },
        { text: '1982', fraction: 0, feedback: null },
        { text: '2000', fraction: -0.5, feedback: null },
      ],
    });
    expect(imported.find((q: { name: string }) => q.name === 'Ngày 10/12')).toMatchObject({ topics: [] });

    const again = await importFile(course, MOODLE_XML, 'ngan-hang.xml');
    expect(again.counts).toMatchObject({ created: 0, newVersions: 0, unchanged: 4, notImported: 2 });
    expect(await bank(course)).toEqual(imported);

    const edited = await importFile(
      course,
      MOODLE_XML.replace('Ngày 20/2/1990.', 'Ngày 20 tháng 2 năm 1990.'),
      'x.xml',
    );
    expect(edited.counts).toMatchObject({ created: 0, newVersions: 1, unchanged: 3 });
    const after = await bank(course);
    expect(after.find((q: { name: string }) => q.name === 'CRC 1990')).toMatchObject({
      versionNo: 2,
      explanation: 'Ngày 20 tháng 2 năm 1990.',
    });
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM question WHERE course_id = $1`, [
      course.id,
    ]);
    expect(count).toBe(4);
  });

  it('GIFT: dry run, commit, idempotent re-import; the matching question is reported, not dropped', async () => {
    const course = await newCourse();
    const dry = await importFile(course, GIFT, 'cau-hoi.gift', 'dry_run');
    expect(outcomes(dry.report)).toEqual({
      'CRC 1990': 'new',
      'Ngày 10/12': 'new',
      UPR: 'new',
      'Ghép đôi': 'not_imported',
    });
    expect(dry.report[3].problem).toMatchObject({ code: 'unsupported_type' });
    expect(dry.categories).toEqual([{ category: 'Công ước về quyền trẻ em', topic: 'crc' }]);
    expect(await bank(course)).toEqual([]);
    expect((await importFile(course, GIFT, 'cau-hoi.txt')).counts).toMatchObject({ created: 3, notImported: 1 });
    const imported = await bank(course);
    expect(imported.every((q: { topics: string[] }) => q.topics.join() === 'crc')).toBe(true);
    expect((await importFile(course, GIFT, 'cau-hoi.gift')).counts).toMatchObject({ created: 0, unchanged: 3 });
    expect(await bank(course)).toEqual(imported);
  });

  it('CSV and XLSX: dry run, commit, idempotent re-import; formula cells are refused per row, and exported neutralised', async () => {
    const rows = [
      HEADER,
      row({
        name: 'Q1',
        type: 'Một đáp án',
        stem: 'Ngày Nhân quyền?',
        option_A: '10/12',
        option_B: '1/6',
        correct: 'A',
        topics: 'iccpr',
      }),
      row({ name: 'Q2', type: 'Đúng/Sai', stem: 'CRC năm 1990.', correct: 'Đúng', difficulty: 'Dễ' }),
      row({ name: 'Q3', type: 'Trả lời ngắn', stem: 'Viết tắt?', option_A: 'UPR', ignore_diacritics: 'Có' }),
      row({
        name: 'Q4',
        type: 'Một đáp án',
        stem: '=HYPERLINK("http://x","y")',
        option_A: 'a',
        option_B: 'b',
        correct: 'A',
      }),
      row({ name: 'Q5', type: 'Một đáp án', stem: 'Dấu trừ', option_A: "'- Không có", option_B: 'Có', correct: 'A' }),
    ];
    for (const [name, file] of [
      ['cau-hoi.csv', csvBuffer(rows, { bom: true })],
      ['cau-hoi.xlsx', await xlsxFromRows(rows)],
    ] as const) {
      const course = await newCourse();
      const dry = await importFile(course, file, name, 'dry_run');
      expect(outcomes(dry.report)).toEqual({ Q1: 'new', Q2: 'new', Q3: 'new', Q4: 'not_imported', Q5: 'new' });
      expect(dry.report[3]).toMatchObject({ line: 5, problem: { code: 'formula' } });
      expect(await bank(course)).toEqual([]);
      expect((await importFile(course, file, name)).counts).toMatchObject({ created: 4, notImported: 1 });
      const imported = await bank(course);
      expect(imported.find((q: { name: string }) => q.name === 'Q5').options[0].text).toBe('- Không có');
      expect((await importFile(course, file, name)).counts).toMatchObject({ created: 0, unchanged: 4 });
      expect(await bank(course)).toEqual(imported);

      const csv = (await download(`/courses/${course.id}/questions.csv`).expect(200)).body.toString('utf8');
      expect(csv.startsWith('\uFEFFTên câu hỏi,Loại,Nội dung câu hỏi')).toBe(true);
      expect(csv).toContain(",'- Không có,");
      // The exported spreadsheet goes back in unchanged.
      const xlsx = (await download(`/courses/${course.id}/questions.xlsx`).expect(200)).body;
      expect((await importFile(course, xlsx, 'xuat.xlsx')).counts).toMatchObject({ created: 0, unchanged: 4 });
      expect((await importFile(course, Buffer.from(csv), 'xuat.csv')).counts).toMatchObject({ unchanged: 4 });
    }
  });

  it.each(['xml', 'gift'])(
    'round trip through %s: export, import into another course, the same bank',
    async (format) => {
      const source = await newCourse();
      await importFile(source, MOODLE_XML, 'nguon.xml');
      await t.given.question({ course: source, name: 'Nhiều chủ đề', topics: ['iccpr', 'icescr'], difficulty: 'hard' });
      await t.given.question({
        course: source,
        name: 'Không dấu',
        type: 'short_answer',
        shortAnswer: { accepted: [{ text: 'Hà Nội', fraction: 1 }], ignoreDiacritics: true },
        topics: [],
      });
      const exported = await download(`/courses/${source.id}/questions.${format}`).expect(200);
      expect(exported.headers['content-disposition']).toMatch(/^attachment;/);
      const target = await newCourse();
      const result = await importFile(target, exported.body, `xuat.${format}`);
      expect(result.counts).toMatchObject({ created: 6, notImported: 0 });
      const strip = (qs: Array<Record<string, unknown>>) => qs.map(({ versionNo: _n, ...q }) => q);
      expect(strip(await bank(target))).toEqual(strip(await bank(source)));
      // …and exporting the copy gives the same file.
      const again = await download(`/courses/${target.id}/questions.${format}`).expect(200);
      expect(again.body.equals(exported.body)).toBe(true);
    },
  );

  it.each([
    [
      'ngan-hang.xml',
      '<?xml version="1.0"?>\n<quiz>\n  <question type="truefalse">\n    <name><text>x</name>\n</quiz>\n',
      4,
    ],
    ['cau-hoi.gift', '::A::Câu một{=a ~b}\n\n::B::Câu hai{=a ~b\n\n::C::Câu ba{T}\n', 3],
    ['cau-hoi.csv', `${HEADER.join(',')}\n"Q1,Một đáp án,x\n`, 2],
  ])('refuses the malformed %s with 400 naming the line; nothing is stored', async (name, text, line) => {
    const course = await newCourse();
    const res = await upload(course, Buffer.from(text), name, 'commit').expect(400);
    expect(res.body.details).toMatchObject({ line });
    expect(res.body.message).toContain(`line ${line}`);
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM question_import_batch WHERE course_id = $1`,
      [course.id],
    );
    expect(count).toBe(0);
  });

  it("refuses an XLSX bomb through the bounded guard (413 naming the limit), more rows than a question file has (400, a limit stricter than the roster's), and an unknown kind of file (415)", async () => {
    const course = await newCourse();
    const bomb = await upload(course, sharedStringsBomb(400_000), 'bom.xlsx', 'dry_run').expect(413);
    expect(bomb.body).toMatchObject({ error: 'UPLOAD_LIMIT_EXCEEDED', details: { limit: 'maxCompressionRatio' } });
    const tall = await xlsxFromRows([HEADER, ...Array.from({ length: 5_100 }, (_, i) => [`Q${i}`])]);
    const rows = await upload(course, tall, 'dai.xlsx', 'dry_run').expect(400);
    expect(rows.body).toMatchObject({ error: 'UPLOAD_LIMIT_EXCEEDED', details: { limit: 'maxRows', max: 5_001 } });
    await upload(course, Buffer.from('%PDF-1.4'), 'cau-hoi.pdf', 'dry_run').expect(415);
    await upload(course, Buffer.from('a,b'), 'cau-hoi.xlsx', 'dry_run').expect(415);
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM question_import_batch WHERE course_id = $1`,
      [course.id],
    );
    expect(count).toBe(0); // refused before anything was stored
  });

  it("answers 404 to a sibling unit's organiser for the course's imports, exports and batches", async () => {
    const course = await newCourse();
    const batch = await importFile(course, MOODLE_XML, 'ngan-hang.xml', 'dry_run');
    await upload(course, Buffer.from(GIFT), 'cau-hoi.gift', 'commit', siblingOrganiser).expect(404);
    for (const path of [
      `/question-imports/${batch.id}`,
      `/question-imports/${batch.id}/errors.csv`,
      ...['xml', 'gift', 'csv', 'xlsx'].map((f) => `/courses/${course.id}/questions.${f}`),
    ]) {
      await download(path, siblingOrganiser).expect(404);
    }
    expect(await bank(course)).toEqual([]);
  });

  it('serves the template with the documented Vietnamese headers (CSV with BOM, XLSX with a header row)', async () => {
    const csv = (await download('/question-template.csv').expect(200)).body.toString('utf8');
    expect(csv.startsWith('\uFEFFTên câu hỏi,Loại,Nội dung câu hỏi,Phương án A')).toBe(true);
    const course = await newCourse();
    const xlsx = (await download('/question-template.xlsx').expect(200)).body;
    // The template's example rows are valid questions.
    expect((await importFile(course, xlsx, 'mau.xlsx', 'dry_run')).counts).toMatchObject({
      created: 4,
      notImported: 0,
    });
    expect((await importFile(course, Buffer.from(csv), 'mau.csv', 'dry_run')).counts).toMatchObject({ created: 4 });
  });

  it('the bank API keeps the same rules as the importers: no partial credit in a single choice, no 0% accepted answer', async () => {
    const course = await newCourse();
    const post = (body: object) =>
      t.http.post(`/api/v1/courses/${course.id}/questions`).auth(organiser, { type: 'bearer' }).send(body);
    const partial = await post({
      name: 'P',
      type: 'single_choice',
      stem: 'x?',
      options: [
        { key: 'a', text: '1990', fraction: 1 },
        { key: 'b', text: '1991', fraction: 0.5 },
      ],
    }).expect(400);
    expect(partial.body.details).toEqual([expect.objectContaining({ field: 'options' })]);
    const zero = await post({
      name: 'Z',
      type: 'short_answer',
      stem: 'x?',
      shortAnswer: {
        accepted: [
          { text: 'UPR', fraction: 1 },
          { text: 'Khác', fraction: 0 },
        ],
      },
    }).expect(400);
    expect(zero.body.details).toEqual([expect.objectContaining({ field: 'shortAnswer.accepted' })]);
  });
});
