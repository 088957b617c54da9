import { searchKey } from '@app/common';
/**
 * The fixed catalogue of course topic tags: the five content areas of the human-rights communication plans that
 * implement Decision 1079/QĐ-TTg ("nội dung truyền thông" 1–5 in the provincial plans), and the seven core UN
 * human-rights conventions Viet Nam is party to (named in content area 1 of every plan).
 * Codes are stored in course_version.tags; labels are for pages (Vietnamese is the official wording).
 */
export interface TopicTag {
  code: string;
  kind: 'area' | 'convention';
  vi: string;
  en: string;
}

/** Short names of the content areas for small places (catalogue cards on a phone); conventions use their acronym. */
const AREA_SHORT: Readonly<Record<string, { vi: string; en: string }>> = {
  'international-law': { vi: 'Luật quốc tế về quyền con người', en: 'International human-rights law' },
  'policy-and-law': { vi: 'Chính sách, pháp luật', en: 'Policy and law' },
  achievements: { vi: 'Thành tựu', en: 'Achievements' },
  'countering-distortions': { vi: 'Phản bác quan điểm sai trái', en: 'Countering false views' },
  'foreign-relations': { vi: 'Đối ngoại', en: 'Foreign relations' },
};

export const TOPIC_TAGS: readonly TopicTag[] = [
  {
    code: 'international-law',
    kind: 'area',
    vi: 'Luật pháp quốc tế về quyền con người',
    en: 'International human-rights law',
  },
  {
    code: 'policy-and-law',
    kind: 'area',
    vi: 'Chủ trương của Đảng, chính sách, pháp luật của Nhà nước về quyền con người',
    en: "The Party's guidelines and the State's policies and laws on human rights",
  },
  {
    code: 'achievements',
    kind: 'area',
    vi: 'Tình hình, nỗ lực và thành tựu bảo đảm quyền con người',
    en: 'Efforts and achievements in ensuring human rights',
  },
  {
    code: 'countering-distortions',
    kind: 'area',
    vi: 'Đấu tranh, phản bác quan điểm sai trái và hành vi lợi dụng quyền con người để vi phạm pháp luật',
    en: 'Countering false views and the abuse of human rights to break the law',
  },
  {
    code: 'foreign-relations',
    kind: 'area',
    vi: 'Ưu tiên đối ngoại, vai trò và đóng góp của Việt Nam về quyền con người ở khu vực và quốc tế',
    en: "Foreign-policy priorities, and Viet Nam's role and contributions on human rights regionally and internationally",
  },
  {
    code: 'iccpr',
    kind: 'convention',
    vi: 'Công ước về các quyền dân sự và chính trị (ICCPR)',
    en: 'International Covenant on Civil and Political Rights (ICCPR)',
  },
  {
    code: 'icescr',
    kind: 'convention',
    vi: 'Công ước về các quyền kinh tế, xã hội và văn hóa (ICESCR)',
    en: 'International Covenant on Economic, Social and Cultural Rights (ICESCR)',
  },
  {
    code: 'cedaw',
    kind: 'convention',
    vi: 'Công ước về xóa bỏ mọi hình thức phân biệt đối xử với phụ nữ (CEDAW)',
    en: 'Convention on the Elimination of All Forms of Discrimination against Women (CEDAW)',
  },
  {
    code: 'cerd',
    kind: 'convention',
    vi: 'Công ước về xóa bỏ mọi hình thức phân biệt chủng tộc (CERD)',
    en: 'International Convention on the Elimination of All Forms of Racial Discrimination (CERD)',
  },
  {
    code: 'crc',
    kind: 'convention',
    vi: 'Công ước về quyền trẻ em (CRC)',
    en: 'Convention on the Rights of the Child (CRC)',
  },
  {
    code: 'crpd',
    kind: 'convention',
    vi: 'Công ước về quyền của người khuyết tật (CRPD)',
    en: 'Convention on the Rights of Persons with Disabilities (CRPD)',
  },
  {
    code: 'cat',
    kind: 'convention',
    vi: 'Công ước chống tra tấn và các hình thức đối xử hoặc trừng phạt tàn bạo, vô nhân đạo hoặc hạ nhục con người (CAT)',
    en: 'Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment (CAT)',
  },
];

export const TOPIC_TAG_CODES: readonly string[] = TOPIC_TAGS.map((t) => t.code);

const BY_CODE = new Map(TOPIC_TAGS.map((t) => [t.code, t]));

export const isTopicTag = (code: string): boolean => BY_CODE.has(code);

/** Tags in catalogue order without repeats (how they are stored, so the same set always compares equal). */
export const orderTopicTags = (codes: readonly string[]): string[] =>
  TOPIC_TAG_CODES.filter((code) => codes.includes(code));

/** The label of a tag in a language (the code itself for a tag no longer in the catalogue). */
export function topicTagLabel(code: string, lang: 'vi' | 'en'): string {
  const tag = BY_CODE.get(code);
  if (!tag) return code;
  return lang === 'en' ? tag.en : tag.vi;
}

/** A tag's short name: the acronym of a convention ("CEDAW"), a few words for a content area. */
export function topicTagShort(code: string, lang: 'vi' | 'en'): string {
  const tag = BY_CODE.get(code);
  if (!tag) return code;
  if (tag.kind === 'convention') return code.toUpperCase();
  return AREA_SHORT[code]?.[lang] ?? topicTagLabel(code, lang);
}

const TAG_KEYS = TOPIC_TAGS.map((t) => ({ code: t.code, keys: [t.code, t.vi, t.en].map(searchKey) }));

/**
 * The tags a catalogue search names: those whose code or label (Vietnamese or English) contains the query, without
 * diacritics or case ("cedaw", "CEDAW", "phan biet doi xu voi phu nu" all name `cedaw`). Empty for a blank query.
 */
export function topicTagsMatching(query: string): string[] {
  const key = searchKey(query);
  if (key === '') return [];
  return TAG_KEYS.filter((t) => t.keys.some((k) => k.includes(key))).map((t) => t.code);
}
