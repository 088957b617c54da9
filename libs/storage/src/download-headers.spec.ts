import { cleanFileName, downloadHeaders } from './download-headers';

describe(downloadHeaders.name, () => {
  it('serves a PDF inline with a UTF-8 file name and an ASCII fallback (Vietnamese)', () => {
    const headers = downloadHeaders({ contentType: 'application/pdf' }, 'Bài giảng 1.pdf');
    expect(headers).toEqual({
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="Bai giang 1.pdf"; filename*=UTF-8''B%C3%A0i%20gi%E1%BA%A3ng%201.pdf`,
      'Content-Security-Policy': 'sandbox',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  it('encodes the NFC form of a decomposed name', () => {
    const nfd = 'Bài giảng 1.pdf'.normalize('NFD');
    expect(downloadHeaders({ contentType: 'application/pdf' }, nfd)['Content-Disposition']).toContain(
      "filename*=UTF-8''B%C3%A0i%20gi%E1%BA%A3ng%201.pdf",
    );
  });

  it.each(['image/png', 'image/jpeg', 'video/mp4', 'video/webm', 'audio/mpeg'])('serves %s inline', (type) => {
    expect(downloadHeaders({ contentType: type }, 'x')['Content-Disposition']).toMatch(/^inline;/);
  });

  it.each(['text/html', 'image/svg+xml', 'text/plain', 'application/zip', 'application/octet-stream'])(
    'serves %s as an attachment, still sandboxed and nosniff',
    (type) => {
      const headers = downloadHeaders({ contentType: type }, 'trang.html');
      expect(headers['Content-Disposition']).toMatch(/^attachment;/);
      expect(headers['Content-Security-Policy']).toBe('sandbox');
      expect(headers['X-Content-Type-Options']).toBe('nosniff');
    },
  );

  it('cannot be broken out of by quotes, separators or control characters in the name', () => {
    const headers = downloadHeaders({ contentType: 'text/plain' }, '../../a"b;\r\nSet-Cookie: x=1.txt');
    const value = headers['Content-Disposition'];
    expect(value).not.toMatch(/[\r\n]/);
    expect(value).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    expect(value).toContain("filename*=UTF-8''ab%3BSet-Cookie%3A%20x%3D1.txt");
  });

  it('encodes the characters RFC 8187 forbids that encodeURIComponent leaves', () => {
    expect(downloadHeaders({ contentType: 'application/pdf' }, "it's (1)*.pdf")['Content-Disposition']).toContain(
      "filename*=UTF-8''it%27s%20%281%29%2A.pdf",
    );
  });

  it('maps đ/Đ in the ASCII fallback', () => {
    expect(downloadHeaders({ contentType: 'application/pdf' }, 'Điều ước.pdf')['Content-Disposition']).toContain(
      'filename="Dieu uoc.pdf"',
    );
  });
});

describe(cleanFileName.name, () => {
  it('keeps only the last path segment and never returns an empty name', () => {
    expect(cleanFileName('C:\\Users\\x\\Bài 1.pdf')).toBe('Bài 1.pdf');
    expect(cleanFileName('   ')).toBe('download');
    expect(cleanFileName('a/')).toBe('download');
  });
});
