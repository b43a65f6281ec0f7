import { getTableColumns, is, type Column, type Table } from "drizzle-orm";
import { getTableConfig as pgTableConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * What a table promises to the code that uses it, in terms both engines share: columns by JS
 * property (SQL name, nullability, whether it has a default, JS data type, enum values, key
 * roles), primary keys, unique constraints, indexes, foreign keys and checks. Column types proper
 * (integer vs timestamptz) are left out: they differ by design, the JS value types must not.
 */
export interface TableShape {
  name: string;
  columns: Record<string, ColumnShape>;
  primaryKeys: string[][];
  uniqueConstraints: string[][];
  indexes: { name: string; columns: string[]; unique: boolean }[];
  foreignKeys: { columns: string[]; table: string; foreignColumns: string[]; onDelete: string; onUpdate: string }[];
  checks: string[];
}

interface ColumnShape {
  name: string;
  dataType: string;
  notNull: boolean;
  hasDefault: boolean;
  /** An id the database assigns: SQLite autoincrement, PostgreSQL identity. */
  generatedId: boolean;
  primary: boolean;
  unique: boolean;
  enumValues: string[] | null;
}

/** Every table a schema module exports, by SQL table name. */
export function schemaShapes(schema: Record<string, unknown>): Map<string, TableShape> {
  const shapes = new Map<string, TableShape>();
  for (const value of Object.values(schema)) {
    if (is(value, SQLiteTable) || is(value, PgTable)) {
      const shape = tableShape(value);
      shapes.set(shape.name, shape);
    }
  }
  return shapes;
}

export function tableShape(table: SQLiteTable | PgTable): TableShape {
  const config = is(table, SQLiteTable) ? sqliteTableConfig(table) : pgTableConfig(table as PgTable);
  const names = (columns: Column[]) => columns.map((c) => c.name);
  const columns: Record<string, ColumnShape> = {};
  for (const [key, column] of Object.entries(getTableColumns(table as Table))) {
    const c = column as Column & { autoIncrement?: boolean };
    columns[key] = {
      name: c.name,
      dataType: c.dataType,
      notNull: c.notNull,
      hasDefault: c.hasDefault,
      generatedId: Boolean(c.autoIncrement) || c.generatedIdentity !== undefined,
      primary: c.primary,
      unique: c.isUnique,
      enumValues: c.enumValues ? [...c.enumValues] : null,
    };
  }
  return {
    name: config.name,
    columns,
    primaryKeys: config.primaryKeys.map((k) => names(k.columns)),
    uniqueConstraints: config.uniqueConstraints.map((u) => names(u.columns)).sort(byJson),
    indexes: config.indexes
      .map((i) => ({ name: i.config.name ?? "(unnamed)", columns: (i.config.columns as Column[]).map((c) => c.name), unique: i.config.unique }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return {
          columns: names(ref.columns),
          table: (ref.foreignTable as unknown as Record<symbol, string>)[Symbol.for("drizzle:Name")] ?? "?",
          foreignColumns: names(ref.foreignColumns),
          onDelete: fk.onDelete ?? "no action",
          onUpdate: fk.onUpdate ?? "no action",
        };
      })
      .sort(byJson),
    checks: config.checks.map((c) => c.name).sort(),
  };
}

/** The differences between two schemas, one readable line each; empty when they promise the same. */
export function schemaDifferences(left: Map<string, TableShape>, right: Map<string, TableShape>, labels = ["SQLite", "PostgreSQL"]): string[] {
  const out: string[] = [];
  for (const name of new Set([...left.keys(), ...right.keys()])) {
    const a = left.get(name);
    const b = right.get(name);
    if (!a || !b) {
      out.push(`table ${name}: only in ${a ? labels[0] : labels[1]}`);
      continue;
    }
    for (const key of new Set([...Object.keys(a.columns), ...Object.keys(b.columns)])) {
      const ca = a.columns[key];
      const cb = b.columns[key];
      if (!ca || !cb) {
        out.push(`${name}.${key}: column only in ${ca ? labels[0] : labels[1]}`);
        continue;
      }
      for (const field of Object.keys(ca) as (keyof ColumnShape)[]) {
        if (JSON.stringify(ca[field]) !== JSON.stringify(cb[field])) out.push(`${name}.${key}: ${field} ${JSON.stringify(ca[field])} in ${labels[0]}, ${JSON.stringify(cb[field])} in ${labels[1]}`);
      }
    }
    for (const part of ["primaryKeys", "uniqueConstraints", "indexes", "foreignKeys", "checks"] as const) {
      if (JSON.stringify(a[part]) !== JSON.stringify(b[part])) out.push(`${name}: ${part} differ: ${JSON.stringify(a[part])} in ${labels[0]}, ${JSON.stringify(b[part])} in ${labels[1]}`);
    }
  }
  return out;
}

function byJson(a: unknown, b: unknown): number {
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}
