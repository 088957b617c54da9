import { QuestionFileError } from './question-file-error';
import { readXml, XmlElement } from './xml-reader';

function error(xml: string): QuestionFileError {
  try {
    readXml(xml);
  } catch (e) {
    if (e instanceof QuestionFileError) return e;
    throw e;
  }
  throw new Error('read without an error');
}

describe('readXml', () => {
  it('reads elements, attributes, text, CDATA and references, with lines', () => {
    const root = readXml(
      '<?xml version="1.0" encoding="utf-8"?>\n<a x="1 &amp; 2" y=\'&#x41;\'>\n  <b>t&lt;&#273;<![CDATA[<i>&amp;</i>]]></b><c/><!-- c --><?pi x?>\n</a>',
    );
    expect(root).toMatchObject({ name: 'a', attributes: { x: '1 & 2', y: 'A' }, line: 2 });
    const [b, c] = root.children.filter((n): n is XmlElement => typeof n !== 'string');
    expect(b).toMatchObject({ name: 'b', line: 3, children: ['t<đ<i>&amp;</i>'] });
    expect(c).toMatchObject({ name: 'c', children: [] });
  });

  it.each([
    ['<a><b></a>', 1, 'the end tag </a> does not match <b> opened on line 1'],
    ['<a>\n<b>\n', 3, 'the element <b> opened on line 2 is not closed'],
    ['<a>\n</b>', 2, 'does not match <a>'],
    ['<a>x & y</a>', 1, 'a "&" must be written &amp;'],
    ['<a>&#0;</a>', 1, 'the entity &#0; is not defined'],
    ['<a x="1" x="2"/>', 1, 'the attribute x is repeated'],
    ['<a x=1/>', 1, 'the value of x is not in quotes'],
    ['<a x="<"/>', 1, '"<" is not allowed'],
    ['<a/>\n<b/>', 2, 'a second root element <b>'],
    ['<a/>\ntext', 2, 'text outside the root element'],
    ['<a>\n<![CDATA[x</a>', 2, 'a CDATA section is not closed'],
    ['<a><!-- x </a>', 1, 'a comment is not closed'],
    ['\n<?xml version="1.0"?><a/>', 2, 'the XML declaration must be at the very start'],
    ['<a>\u0001</a>', 1, 'the control character U+0001'],
    ['', 1, 'the file has no XML element'],
    ['<a><1/></a>', 1, 'a tag name is expected here'],
  ])('%j → line %d: %s', (xml, line, reason) => {
    const e = error(xml);
    expect(e).toMatchObject({ kind: 'not_well_formed', line });
    expect(e.message).toContain(reason);
  });

  it('refuses any DOCTYPE or ENTITY declaration, and a non-UTF-8 encoding', () => {
    expect(error('<?xml version="1.0"?>\n<!DOCTYPE a SYSTEM "http://x/a.dtd">\n<a/>')).toMatchObject({
      kind: 'doctype',
      line: 2,
    });
    expect(error('<a>\n<!ENTITY x "y"></a>')).toMatchObject({ kind: 'doctype', line: 2 });
    expect(error('<?xml version="1.0" encoding="ISO-8859-1"?><a/>')).toMatchObject({ kind: 'encoding' });
  });

  it('bounds the nesting depth and the number of elements', () => {
    expect(error('<a>'.repeat(65) + '</a>'.repeat(65)).message).toContain('nested more than 64 deep');
    expect(() => readXml(`<a>${'<b/>'.repeat(11)}</a>`, { maxDepth: 64, maxElements: 10 })).toThrow(
      /more than 10 elements/,
    );
  });
});
