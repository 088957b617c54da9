import { DefaultNamingStrategy, NamingStrategyInterface, Table } from 'typeorm';

const snake = (s: string): string =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]/g, '_')
    .toLowerCase();
const tableOf = (t: Table | string): string => (typeof t === 'string' ? t : t.name).split('.').pop() as string;

/** snake_case tables and columns; readable constraint names instead of TypeORM's hashes. */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(targetName: string, userSpecifiedName: string | undefined): string {
    return userSpecifiedName ?? snake(targetName);
  }
  override columnName(propertyName: string, customName: string, prefixes: string[]): string {
    return customName ?? snake([...prefixes, propertyName].join('_'));
  }
  override relationName(propertyName: string): string {
    return snake(propertyName);
  }
  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }
  override primaryKeyName(table: Table | string): string {
    return `pk_${tableOf(table)}`;
  }
  override uniqueConstraintName(table: Table | string, columns: string[]): string {
    return `uq_${tableOf(table)}_${columns.join('_')}`;
  }
  override foreignKeyName(table: Table | string, columns: string[]): string {
    return `fk_${tableOf(table)}_${columns.join('_')}`;
  }
  override indexName(table: Table | string, columns: string[]): string {
    return `idx_${tableOf(table)}_${columns.join('_')}`;
  }
}
