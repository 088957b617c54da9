import { ValidationError } from '@app/common';
import { checkHttpUrl, checkLessonContent, LessonContent } from './lesson-content';

const FILES: Record<string, string> = { video: 'video/mp4', pdf: 'application/pdf', audio: 'audio/mpeg' };
const typeOf = async (id: string): Promise<string | null> => FILES[id] ?? null;
const content = (c: Partial<LessonContent>): LessonContent => ({
  kind: 'text',
  bodyHtml: '',
  url: null,
  fileId: null,
  ...c,
});
const fieldOf = async (p: Promise<unknown>): Promise<string> => {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ValidationError);
  return ((e as ValidationError).details as Array<{ field: string }>)[0].field;
};

describe(checkHttpUrl.name, () => {
  it('accepts http and https and normalises', () => {
    expect(checkHttpUrl('https://Example.VN')).toBe('https://example.vn/');
    expect(checkHttpUrl(' http://x.vn/a?b=1#c ')).toBe('http://x.vn/a?b=1#c');
  });
  it.each([
    'javascript:alert(1)',
    'ftp://x.vn/',
    'data:text/html,x',
    'mailto:a@b.vn',
    '/relative',
    'x',
    'https://u:p@x.vn/',
  ])('refuses %s', (url) => {
    expect(() => checkHttpUrl(url)).toThrow(ValidationError);
  });
});

describe(checkLessonContent.name, () => {
  it('drops url and file from a text lesson and sanitises its HTML', async () => {
    await expect(
      checkLessonContent(content({ bodyHtml: '<p onclick=x>a</p>', url: 'https://x.vn', fileId: 'pdf' }), typeOf),
    ).resolves.toEqual({ kind: 'text', bodyHtml: '<p>a</p>', url: null, fileId: null });
  });

  it('needs exactly one of file and URL for video and document lessons', async () => {
    await expect(checkLessonContent(content({ kind: 'video', fileId: 'video' }), typeOf)).resolves.toMatchObject({
      fileId: 'video',
      url: null,
    });
    await expect(checkLessonContent(content({ kind: 'video', fileId: 'audio' }), typeOf)).resolves.toBeTruthy();
    await expect(
      checkLessonContent(content({ kind: 'document', url: 'https://x.vn/a.pdf' }), typeOf),
    ).resolves.toMatchObject({
      url: 'https://x.vn/a.pdf',
    });
    expect(await fieldOf(checkLessonContent(content({ kind: 'video' }), typeOf))).toBe('fileId');
    expect(
      await fieldOf(checkLessonContent(content({ kind: 'document', fileId: 'pdf', url: 'https://x.vn' }), typeOf)),
    ).toBe('url');
    expect(await fieldOf(checkLessonContent(content({ kind: 'video', fileId: 'pdf' }), typeOf))).toBe('fileId');
    expect(await fieldOf(checkLessonContent(content({ kind: 'document', fileId: 'elsewhere' }), typeOf))).toBe(
      'fileId',
    );
  });

  it('needs an http(s) URL for a link lesson and drops its file', async () => {
    await expect(
      checkLessonContent(content({ kind: 'link', url: 'https://x.vn', fileId: 'pdf' }), typeOf),
    ).resolves.toMatchObject({
      url: 'https://x.vn/',
      fileId: null,
    });
    expect(await fieldOf(checkLessonContent(content({ kind: 'link' }), typeOf))).toBe('url');
    expect(await fieldOf(checkLessonContent(content({ kind: 'link', url: 'javascript:alert(1)' }), typeOf))).toBe(
      'url',
    );
  });
});
