import { SnakeNamingStrategy } from './snake-naming.strategy';

describe(SnakeNamingStrategy.name, () => {
  const s = new SnakeNamingStrategy();
  it('snake-cases tables and columns', () => {
    expect(s.tableName('OrgUnit', undefined)).toBe('org_unit');
    expect(s.columnName('scopeUnitId', undefined as unknown as string, [])).toBe('scope_unit_id');
  });
  it('names constraints readably', () => {
    expect(s.primaryKeyName('account')).toBe('pk_account');
    expect(s.indexName('audit_log', ['at'])).toBe('idx_audit_log_at');
  });
});
