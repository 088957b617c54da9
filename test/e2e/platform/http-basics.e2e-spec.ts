import { createTestApp, TestApp } from '../../setup/test-app';

describe('platform HTTP basics', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('GET /health answers ok', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready checks the database', async () => {
    const res = await t.http.get('/health/ready').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'ok', redis: 'not configured' });
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.info.title).toBe('Mộc API');
  });

  it('sets security headers and a request id', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const res = await t.http.get('/api/v1/nothing-here').expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
  });

  it('answers an unknown page with an HTML error page', async () => {
    const res = await t.http.get('/nothing-here').set('Accept', 'text/html').expect(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<h1>Không tìm thấy</h1>');
    expect(res.text).toContain('Không có trang /nothing-here.');
    expect(res.text).not.toMatch(/<p>[^<]*Cannot GET/); // the technical words only folded, marked English
    const en = await t.http.get('/nothing-here?lang=en').set('Accept', 'text/html').expect(404);
    expect(en.text).toContain('<h1>Not found</h1>');
    expect(en.text).toContain('There is no page /nothing-here.');
  });

  it('serves /favicon.ico (no 404 on every page)', async () => {
    const res = await t.http.get('/favicon.ico').expect(200);
    expect(res.headers['content-type']).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
    expect((res.body as Buffer).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });

  it('names a refused field by its label on a Vietnamese error page', async () => {
    const bad = await t.http.get('/courses?page=abc').set('Accept', 'text/html').expect(400);
    expect(bad.text).toContain('<h1>Thông tin gửi lên chưa hợp lệ</h1>');
    expect(bad.text).toContain('<li><strong>Số trang</strong>: phải là số nguyên</li>');
  });

  it('serves the home page in Vietnamese, and in English on request', async () => {
    const vi = await t.http.get('/').expect(200);
    expect(vi.text).toContain('<html lang="vi">');
    expect(vi.text).toContain('quyền con người');
    const en = await t.http.get('/?lang=en').expect(200);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('Targets for 2028');
  });

  it('switches language on any page without tripping the query validation, keeping the other parameters', async () => {
    const res = await t.http.get('/api/v1/units?lang=en').expect(401);
    expect(res.body.statusCode).toBe(401);
    const page = await t.http.get('/login?next=%2Faccounts&lang=en').expect(200);
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('href="/login?next&#x3D;%2Faccounts&amp;lang&#x3D;vi"');
  });

  it('compresses pages', async () => {
    const res = await t.http.get('/').set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['content-encoding']).toBe('gzip');
  });
});
