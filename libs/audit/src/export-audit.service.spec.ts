import { Logger } from '@nestjs/common';
import { validate } from 'class-validator';
import { EntityManager } from 'typeorm';
import { ValidationError } from '@app/common';
import { AuditContext, AuditEntry, AuditService } from './audit.service';
import { ExportAuditEntry, ExportAuditService, ExportNotAuditedError, IsExportPurpose } from './export-audit';

/**
 * ExportAuditService's order of work (purpose, entry, rows, end entry) without a database: an audit log kept in
 * memory stands in for AuditService (whose writes test/e2e/security/contact-data.e2e-spec.ts checks in PostgreSQL).
 */
class MemoryAudit {
  readonly written: Array<{ entry: AuditEntry; ctx: AuditContext; manager?: EntityManager }> = [];
  refuse: string | null = null;

  record(entry: AuditEntry, ctx: AuditContext = {}, manager?: EntityManager): Promise<string> {
    if (entry.action === this.refuse) return Promise.reject(new Error('audit log refused'));
    this.written.push({ entry, ctx, manager });
    return Promise.resolve(`audit-${this.written.length}`);
  }
}

const PURPOSE = 'gửi giấy mời tập huấn quý 3';
const ctx: AuditContext = { requestId: 'req-1', ip: '10.0.0.1' };
const entry = (over: Partial<ExportAuditEntry> = {}): ExportAuditEntry => ({
  action: 'roster.export',
  scopeUnitId: 'unit-1',
  filters: { unitId: 'unit-1' },
  columns: ['name', 'email'],
  includeContact: true,
  purpose: PURPOSE,
  ...over,
});

async function* rows(n: number, failAfter?: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    if (i === failAfter) throw new Error('cursor lost');
    yield i;
  }
}

async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe(ExportAuditService.name, () => {
  let audit: MemoryAudit;
  let service: ExportAuditService;
  let logged: jest.SpyInstance;
  beforeEach(() => {
    audit = new MemoryAudit();
    service = new ExportAuditService(audit as unknown as AuditService);
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  describe('recordStored', () => {
    it('writes one entry with who, scope, filters, columns, contact, purpose and the file, in the given transaction', async () => {
      const manager = {} as EntityManager;
      const file = { rowCount: 3, sha256: 'ab'.repeat(32), size: 120, exportRequestId: 'req-9' };
      expect(await service.recordStored(entry(), ctx, file, manager)).toBe('audit-1');
      expect(audit.written).toEqual([
        {
          entry: {
            action: 'roster.export',
            entity: 'org_unit',
            entityId: 'unit-1',
            details: {
              scopeUnitId: 'unit-1',
              filters: { unitId: 'unit-1' },
              columns: ['name', 'email'],
              includeContact: true,
              purpose: PURPOSE,
              rowCount: 3,
              sha256: 'ab'.repeat(32),
              size: 120,
              exportRequestId: 'req-9',
            },
          },
          ctx,
          manager,
        },
      ]);
    });

    it('records no purpose key without contact details and no purpose', async () => {
      await service.recordStored(entry({ includeContact: false, purpose: undefined }), ctx, {
        rowCount: 0,
        sha256: '00',
        size: 0,
      });
      expect(audit.written[0].entry.details).toEqual({
        scopeUnitId: 'unit-1',
        filters: { unitId: 'unit-1' },
        columns: ['name', 'email'],
        includeContact: false,
        rowCount: 0,
        sha256: '00',
        size: 0,
      });
    });

    it('refuses contact details without a purpose, naming the field, and writes nothing', async () => {
      const refused = service.recordStored(entry({ purpose: null }), ctx, { rowCount: 1, sha256: '00', size: 1 });
      await expect(refused).rejects.toBeInstanceOf(ValidationError);
      await expect(refused).rejects.toMatchObject({
        details: [{ field: 'purpose', reason: 'is required with contact details' }],
      });
      expect(audit.written).toEqual([]);
    });
  });

  describe('auditThenStream', () => {
    it('checks a purpose given without contact details too, and keeps a good one', async () => {
      await expect(
        service.auditThenStream(entry({ includeContact: false, purpose: 'ngắn' }), ctx, () => rows(1)),
      ).rejects.toMatchObject({ details: [{ field: 'purpose' }] });
      expect(audit.written).toEqual([]);
      await drain(await service.auditThenStream(entry({ includeContact: false }), ctx, () => rows(1)));
      expect(audit.written[0].entry.details).toMatchObject({ includeContact: false, purpose: PURPOSE });
    });

    it('writes the entry before opening the rows, then the end entry with the count once they are all out', async () => {
      let opened = false;
      const stream = await service.auditThenStream(entry(), ctx, () => {
        opened = true;
        return rows(3);
      });
      expect(opened).toBe(false);
      expect(audit.written.map((w) => w.entry.action)).toEqual(['roster.export']);
      expect(audit.written[0]).toEqual({
        entry: {
          action: 'roster.export',
          entity: 'org_unit',
          entityId: 'unit-1',
          details: {
            scopeUnitId: 'unit-1',
            filters: { unitId: 'unit-1' },
            columns: ['name', 'email'],
            includeContact: true,
            purpose: PURPOSE,
          },
        },
        ctx,
        manager: undefined,
      });
      expect(await drain(stream)).toEqual([0, 1, 2]);
      expect(audit.written[1]).toEqual({
        entry: {
          action: 'roster.export.end',
          entity: 'org_unit',
          entityId: 'unit-1',
          details: { exportAuditId: 'audit-1', rowCount: 3, complete: true },
        },
        ctx,
        manager: undefined,
      });
    });

    it('sends nothing when the entry cannot be written (ExportNotAuditedError, the rows never opened)', async () => {
      audit.refuse = 'roster.export';
      let opened = false;
      await expect(
        service.auditThenStream(entry(), ctx, () => {
          opened = true;
          return rows(1);
        }),
      ).rejects.toBeInstanceOf(ExportNotAuditedError);
      expect(opened).toBe(false);
      expect(audit.written).toEqual([]);
      expect(logged).toHaveBeenCalledWith(
        { err: 'audit log refused', action: 'roster.export', scopeUnitId: 'unit-1' },
        'export audit entry failed: export refused',
      );
    });

    it('records an incomplete export when the rows break off or the reader stops', async () => {
      const broken = await service.auditThenStream(entry(), ctx, () => rows(5, 2));
      await expect(drain(broken)).rejects.toThrow('cursor lost');
      expect(audit.written[1].entry.details).toEqual({ exportAuditId: 'audit-1', rowCount: 2, complete: false });

      const stopped = await service.auditThenStream(entry(), ctx, () => rows(5));
      for await (const row of stopped) if (row === 0) break;
      expect(audit.written[3].entry.details).toEqual({ exportAuditId: 'audit-3', rowCount: 1, complete: false });
    });

    it('finishes the download when only the end entry cannot be written', async () => {
      audit.refuse = 'roster.export.end';
      expect(await drain(await service.auditThenStream(entry(), ctx, () => rows(2)))).toEqual([0, 1]);
      expect(audit.written.map((w) => w.entry.action)).toEqual(['roster.export']);
      expect(logged).toHaveBeenCalledWith({ err: 'audit log refused', auditId: 'audit-1' }, 'export end entry failed');
    });
  });
});

describe(IsExportPurpose.name, () => {
  class Form {
    @IsExportPurpose()
    purpose: unknown;
  }
  const problems = async (purpose: unknown) => {
    const form = new Form();
    form.purpose = purpose;
    return (await validate(form)).flatMap((e) => Object.values(e.constraints ?? {}));
  };

  it('passes a good purpose and names the field and the problem of a bad one', async () => {
    expect(await problems(PURPOSE)).toEqual([]);
    expect(await problems('ngắn')).toEqual(['purpose must say why contact details are needed (10–500 characters)']);
    expect(await problems(7)).toEqual(['purpose must be text']);
  });
});
