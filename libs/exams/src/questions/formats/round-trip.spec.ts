import { SAMPLE_BANK } from '../../../../../test/fixtures/questions/sample-bank';
import type { ImportedQuestion } from '../question-model';
import { parseGift, toGift } from './gift';
import { parseMoodleXml, toMoodleXml } from './moodle-xml';
import { ExportedQuestion } from './question-parts';
import { parseQuestionRows, toQuestionRows } from './question-rows';

/** The bank an import gives back, or the reasons it refused some questions (so a failure says which and why). */
function bankOf(items: ImportedQuestion[]): ExportedQuestion[] {
  const refused = items.filter((i) => !i.ok);
  expect(refused).toEqual([]);
  return items.flatMap((i) => (i.ok ? [{ question: i.question, category: i.category }] : []));
}

describe('question formats: export → import gives the same bank', () => {
  it('Moodle XML', () => {
    const xml = toMoodleXml(SAMPLE_BANK);
    const read = parseMoodleXml(xml);
    expect(bankOf(read.questions)).toEqual(SAMPLE_BANK);
    expect(read.categories).toEqual(['Công ước quốc tế', 'Việt Nam/Hội đồng Nhân quyền']);
    // Written the way Moodle writes: thirds as 33.33333, penalties negative, HTML in CDATA.
    expect(xml).toContain('<answer fraction="33.33333" format="html">');
    expect(xml).toContain('<answer fraction="-25" format="html">');
    expect(xml).toContain('<single>false</single>');
    expect(xml).toContain('<text>$course$/top/Việt Nam/Hội đồng Nhân quyền</text>');
    expect(xml).toContain('<tag><text>topic:international-law</text></tag>');
  });

  it('GIFT', () => {
    const gift = toGift(SAMPLE_BANK);
    const read = parseGift(gift);
    expect(bankOf(read.questions)).toEqual(SAMPLE_BANK);
    expect(read.categories).toEqual(['Công ước quốc tế', 'Việt Nam/Hội đồng Nhân quyền']);
    expect(gift).toContain('\t~%33.33333%ICCPR');
    expect(gift).toContain('\t=%50%Pháp');
    expect(gift).toContain('::Ký tự GIFT\\: \\{mở\\}::');
  });

  it('CSV/XLSX rows, Vietnamese and English headers', () => {
    for (const language of ['vi', 'en'] as const) {
      const rows = toQuestionRows(SAMPLE_BANK, language);
      expect(bankOf(parseQuestionRows(rows))).toEqual(SAMPLE_BANK);
    }
  });

  it('the formats carry the same bank through each other (XML → GIFT → rows → XML)', () => {
    const viaGift = bankOf(parseGift(toGift(bankOf(parseMoodleXml(toMoodleXml(SAMPLE_BANK)).questions))).questions);
    const viaRows = bankOf(parseQuestionRows(toQuestionRows(viaGift)));
    expect(bankOf(parseMoodleXml(toMoodleXml(viaRows)).questions)).toEqual(SAMPLE_BANK);
  });

  it('a second export of an imported bank is byte for byte the first one', () => {
    const xml = toMoodleXml(SAMPLE_BANK);
    expect(toMoodleXml(bankOf(parseMoodleXml(xml).questions))).toBe(xml);
    const gift = toGift(SAMPLE_BANK);
    expect(toGift(bankOf(parseGift(gift).questions))).toBe(gift);
  });
});
