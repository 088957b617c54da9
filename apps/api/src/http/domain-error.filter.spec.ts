import { ArgumentsHost, BadRequestException, Logger } from '@nestjs/common';
import { ConflictError } from '@app/common';
import { DomainErrorFilter } from './domain-error.filter';

interface Captured {
  status?: number;
  json?: Record<string, unknown>;
  view?: string;
  model?: Record<string, unknown>;
}

function hostFor(path: string, captured: Captured, accept = 'application/json'): ArgumentsHost {
  const res = {
    headersSent: false,
    status(code: number) {
      captured.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      captured.json = body;
      return this;
    },
    render(view: string, model: Record<string, unknown>) {
      captured.view = view;
      captured.model = model;
    },
  };
  const req = { path, originalUrl: path, id: 'req-1', accepts: (t: string) => (accept.includes(t) ? t : false) };
  return { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
}

describe(DomainErrorFilter.name, () => {
  const filter = new DomainErrorFilter();

  it('maps a domain error to its status and code with details', () => {
    const c: Captured = {};
    filter.catch(
      new ConflictError('code already used', [{ field: 'code', reason: 'already used' }]),
      hostFor('/api/v1/units', c),
    );
    expect(c.status).toBe(409);
    expect(c.json).toEqual({
      statusCode: 409,
      error: 'CONFLICT',
      message: 'code already used',
      details: [{ field: 'code', reason: 'already used' }],
    });
  });

  it('keeps the HTTP exception status and message', () => {
    const c: Captured = {};
    filter.catch(new BadRequestException('nope'), hostFor('/api/v1/x', c));
    expect(c.json).toEqual({ statusCode: 400, error: 'Bad Request', message: 'nope' });
  });

  it('turns an unknown error into a 500 with an error id, logs it, and shows no stack', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const c: Captured = {};
    filter.catch(new TypeError('secret internals at line 42'), hostFor('/api/v1/x', c));
    expect(c.status).toBe(500);
    expect(c.json).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'An unexpected error occurred',
      errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(JSON.stringify(c.json)).not.toContain('secret internals');
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ errorId: c.json?.errorId }), 'unhandled error');
    logged.mockRestore();
  });

  it('renders the error page for a page request', () => {
    const c: Captured = {};
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    filter.catch(new Error('boom'), hostFor('/accounts', c, 'text/html'));
    expect(c.status).toBe(500);
    expect(c.view).toBe('error');
    expect(JSON.stringify(c.model)).not.toContain('boom');
    expect(c.model).toMatchObject({ title: 'Hệ thống gặp lỗi' });
  });

  it('maps body-parser errors to 400 and 413', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), {
      type: 'entity.too.large',
      status: 413,
      expose: true,
      limit: 1048576,
    });
    const c1: Captured = {};
    filter.catch(tooLarge, hostFor('/api/v1/auth/login', c1));
    expect(c1.json).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'request body is larger than 1048576 bytes',
    });
    const malformed = Object.assign(new SyntaxError('Unexpected token'), {
      type: 'entity.parse.failed',
      status: 400,
      expose: true,
    });
    const c2: Captured = {};
    filter.catch(malformed, hostFor('/api/v1/auth/login', c2));
    expect(c2.json).toMatchObject({ statusCode: 400, message: expect.stringMatching(/^malformed JSON body/) });
  });
});
