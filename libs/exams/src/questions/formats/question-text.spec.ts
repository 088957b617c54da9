import {
  fractionOfPercent,
  htmlToText,
  moodleAutoToText,
  percentOf,
  questionText,
  roundFraction,
  textToHtml,
} from './question-text';

describe('questionText', () => {
  it('NFC, no invisible or control characters, spaces collapsed per line, one empty line at most, trimmed', () => {
    expect(questionText('  Nha\u0300n \u200Bquyền\t\tlà \u0007gì?\r\n\r\n\r\n\r\n  Dòng  2  ')).toBe(
      'Nhàn quyền là gì?\n\nDòng 2',
    );
  });

  it('is idempotent', () => {
    const once = questionText(' a \n\n\n b ');
    expect(questionText(once)).toBe(once);
  });
});

describe('htmlToText', () => {
  it.each([
    ['<p>a</p><p>b</p>', 'a\n\nb'],
    ['a<br>b<br/>c', 'a\nb\nc'],
    ['<div>a</div><div>b</div>', 'a\nb'],
    ['<p>x <b>đậm</b>   <i>nghiêng</i>\n tiếp</p>', 'x đậm nghiêng tiếp'],
    ['a < b và c > d', 'a < b và c > d'],
    ['&lt;script&gt; &amp;amp; &#7841; &#x110; &unknown; &nbsp;x', '<script> &amp; ạ Đ &unknown; x'],
    ['<style>p{}</style><script>alert("<p>")</script>sau', 'sau'],
    ['<!-- chú thích -->còn lại', 'còn lại'],
    ['<table><tr><td>1</td><td>2</td></tr></table>', '1 2'],
    ['<pre>a   b\n c</pre>', 'a b\nc'],
  ])('%j → %j', (html, text) => {
    expect(htmlToText(html).text).toBe(text);
  });

  it('reports images, media and @@PLUGINFILE@@ links', () => {
    const { media } = htmlToText(
      '<img src="@@PLUGINFILE@@/h%C3%ACnh.png"><a href="@@PLUGINFILE@@/tai%20lieu.pdf">tải</a><audio src="https://x.vn/a.mp3"></audio><img src="data:image/png;base64,AAA"><svg></svg>',
    );
    expect(media).toEqual(['hình.png', 'tai lieu.pdf', 'https://x.vn/a.mp3', '<img> data: URL', '<svg>']);
  });

  it('moodle_auto_format: line breaks are line breaks', () => {
    expect(moodleAutoToText('a\nb <b>c</b>').text).toBe('a\nb c');
  });

  it('reverses textToHtml', () => {
    const text = 'Đoạn 1 <b> & "x"\ndòng 2\n\nĐoạn 2';
    expect(textToHtml(text)).toBe('<p>Đoạn 1 &lt;b&gt; &amp; &quot;x&quot;<br>dòng 2</p><p>Đoạn 2</p>');
    expect(htmlToText(textToHtml(text)).text).toBe(text);
  });
});

describe('fractions', () => {
  it('reads Moodle percentages to 7 decimals and writes them back', () => {
    expect(fractionOfPercent('33.33333')).toBe(0.3333333);
    expect(fractionOfPercent('-33.33333')).toBe(-0.3333333);
    expect(fractionOfPercent('100')).toBe(1);
    expect(fractionOfPercent('-0')).toBe(0);
    expect(fractionOfPercent('101')).toBeNull();
    expect(fractionOfPercent('1e2')).toBeNull();
    expect(percentOf(0.3333333)).toBe('33.33333');
    expect(percentOf(-1)).toBe('-100');
    expect(percentOf(roundFraction(1 / 7))).toBe('14.28571');
    for (const p of ['83.33333', '66.66667', '16.66667', '14.28571', '12.5', '11.11111', '-25']) {
      expect(percentOf(fractionOfPercent(p)!)).toBe(p);
    }
  });
});
