import { ValidationError } from '@app/common';
import { filtersFor, formatNamed, kindNamed } from './export-plan';

describe('export plan', () => {
  it('knows the kinds and lists them when asked for another', () => {
    expect(kindNamed('people').name).toBe('people');
    expect(() => kindNamed('payroll')).toThrow(
      'valid kinds are people, trained, untrained, certificates, exam-results, coverage',
    );
    expect(() => kindNamed('payroll')).toThrow(ValidationError);
  });

  it('knows the formats and lists them when asked for another', () => {
    expect(formatNamed('xlsx')).toBe('xlsx');
    expect(() => formatNamed('pdf')).toThrow('valid formats are csv, xlsx');
  });

  it('keeps the filters a kind takes, and refuses the others naming them', () => {
    expect(filtersFor(kindNamed('certificates'), { status: 'revoked', from: '2025-01-01' })).toEqual({
      status: 'revoked',
      from: '2025-01-01',
    });
    expect(() => filtersFor(kindNamed('people'), { courseId: 'x' })).toThrow('courseId: not a filter of people');
    expect(() => filtersFor(kindNamed('people'), { status: 'revoked' })).toThrow(
      'status must be one of active, on_leave, left',
    );
    expect(() => filtersFor(kindNamed('certificates'), { from: '2025-02-01', to: '2025-01-01' })).toThrow(
      'from must not be after to',
    );
  });
});
