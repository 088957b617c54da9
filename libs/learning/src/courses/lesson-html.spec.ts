import { sanitizeLessonHtml } from './lesson-html';

const FILE = '/files/0b7c9a2e-1234-4abc-8def-0123456789ab';

describe(sanitizeLessonHtml.name, () => {
  it.each([
    ['a script', '<p>Quyền<script>alert(1)</script></p>', '<p>Quyền</p>'],
    ['an event handler', '<p onclick="steal()" onmouseover="x">Điều 1</p>', '<p>Điều 1</p>'],
    ['an image from elsewhere, with onerror', '<img src=x onerror=alert(1)>', ''],
    ['an image with a data: URL', '<img src="data:image/png;base64,AAAA">', ''],
    ['a javascript: link', '<a href="javascript:alert(1)">bấm</a>', 'bấm'],
    ['a javascript: link in another case', '<a href="JaVaScRiPt:alert(1)">bấm</a>', 'bấm'],
    ['an entity-encoded javascript: link', '<a href="&#106;avascript:alert(1)">bấm</a>', 'bấm'],
    ['a link with spaces and tabs before javascript:', '<a href=" \tjavascript:alert(1)">bấm</a>', 'bấm'],
    ['a data: link', '<a href="data:text/html,<script>1</script>">x</a>', 'x'],
    ['a protocol-relative link', '<a href="//evil.example/">x</a>', 'x'],
    [
      'iframes, styles, objects, forms',
      '<iframe src="https://x"></iframe><style>*{}</style><object></object><form><input></form>',
      '',
    ],
    ['svg and math', '<svg onload="alert(1)"><script>1</script></svg><math><mi>x</mi></math>', 'x'],
    ['classes and inline styles', '<p class="x" style="color:red">a</p>', '<p>a</p>'],
  ])('removes %s', (_label, input, expected) => {
    expect(sanitizeLessonHtml(input)).toBe(expected);
  });

  it('keeps the rich-text subset and makes links noopener noreferrer', () => {
    const html =
      '<h2>Khái niệm</h2><p><strong>Quyền</strong> <em>con người</em></p><ul><li>một</li></ul><ol start="2"><li>hai</li></ol>' +
      '<blockquote>Trích</blockquote><table><caption>Bảng</caption><thead><tr><th scope="col">A</th></tr></thead>' +
      '<tbody><tr><td colspan="2">1</td></tr></tbody></table>';
    expect(sanitizeLessonHtml(html)).toBe(html);
    expect(sanitizeLessonHtml('<a href="https://www.ohchr.org/" target="_blank" rel="opener">OHCHR</a>')).toBe(
      '<a href="https://www.ohchr.org/" rel="noopener noreferrer">OHCHR</a>',
    );
    expect(sanitizeLessonHtml('<a href="mailto:so@vinhlong.gov.vn">thư</a>')).toBe(
      '<a href="mailto:so@vinhlong.gov.vn" rel="noopener noreferrer">thư</a>',
    );
  });

  it('keeps images only from our own /files/ URLs', () => {
    expect(sanitizeLessonHtml(`<img src="${FILE}" alt="Sơ đồ" onerror="x">`)).toBe(`<img src="${FILE}" alt="Sơ đồ" />`);
    expect(sanitizeLessonHtml(`<img src="https://evil.example${FILE}">`)).toBe('');
    expect(sanitizeLessonHtml(`<img src="${FILE}/../../x">`)).toBe('');
  });

  it('turns h1 into h2 (the page has its own h1), stores NFC, and is idempotent', () => {
    expect(sanitizeLessonHtml('<h1>Tiêu đề</h1>')).toBe('<h2>Tiêu đề</h2>');
    const nfd = '<p>Quyền con người</p>'.normalize('NFD');
    expect(sanitizeLessonHtml(nfd)).toBe('<p>Quyền con người</p>'.normalize('NFC'));
    const once = sanitizeLessonHtml('<p onclick=x>a<a href="https://a.vn">b</a><img src=x></p>');
    expect(sanitizeLessonHtml(once)).toBe(once);
  });
});
