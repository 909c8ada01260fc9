import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { migrateToLatest } from './migrate.js';
import { openDatabase } from './open.js';
import { dumpSchema, tableColumns } from './schema-dump.js';

/**
 * Actual's habit: run the real migration chain and compare the schema it builds with a committed
 * snapshot. A landed migration that is edited, or a schema that drifts, fails here. After adding
 * a NEW migration, refresh the snapshot with `UPDATE_SCHEMA_SNAPSHOT=1 npx vitest run main/db/schema-snapshot.test.ts`
 * and commit it with the migration.
 */

const SNAPSHOT = new URL('./schema.snapshot.sql', import.meta.url);
const now = new Date('2026-11-21T09:00:00Z');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bonus-desk-schema-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function chainSchema(record: Record<string, Migration>, name: string): Promise<{ dump: string; columns: Map<string, string[]> }> {
  const db = openDatabase({ file: join(dir, name) });
  try {
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: () => Promise.resolve(record) } });
    const { error } = await migrator.migrateToLatest();
    if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
    return { dump: dumpSchema(db.sqlite), columns: tableColumns(db.sqlite) };
  } finally {
    db.sqlite.close();
  }
}

describe('schema snapshot (migrations are frozen once landed)', () => {
  it('the real migration chain builds exactly the committed schema', async () => {
    const { dump } = await chainSchema(migrations, 'chain.db');
    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') writeFileSync(SNAPSHOT, dump);
    expect(existsSync(SNAPSHOT), 'main/db/schema.snapshot.sql is missing: run with UPDATE_SCHEMA_SNAPSHOT=1 and commit it').toBe(true);
    expect(dump).toBe(readFileSync(SNAPSHOT, 'utf8'));
  });

  it('the desk’s own migrator (migrateToLatest) builds the same schema as the chain', async () => {
    const db = openDatabase({ file: join(dir, 'desk.db') });
    await migrateToLatest(db, { now });
    const dump = dumpSchema(db.sqlite);
    db.sqlite.close();
    expect(dump).toBe(readFileSync(SNAPSHOT, 'utf8'));
  });

  it('an edit to a copy of a landed migration is caught as a schema difference', async () => {
    const [firstName, first] = Object.entries(migrations)[0] ?? [];
    if (firstName === undefined || first === undefined) throw new Error('no migrations');
    // The edited copy: the first migration plus one column someone "just added" to it.
    const edited: Migration = {
      async up(db: Kysely<unknown>) {
        await first.up(db);
        await sql`ALTER TABLE members ADD COLUMN nickname TEXT`.execute(db);
      },
    };
    const { dump } = await chainSchema({ ...migrations, [firstName]: edited }, 'edited.db');
    const snapshot = readFileSync(SNAPSHOT, 'utf8');
    expect(dump).not.toBe(snapshot);
    expect(dump).toMatch(/nickname/);
  });

  it('main/db/schema.ts describes every table and column the migrations create, and nothing else', async () => {
    const { columns } = await chainSchema(migrations, 'types.db');
    const described = describedTables();
    expect([...described.keys()].sort()).toEqual([...columns.keys()].sort());
    for (const [table, cols] of columns) {
      expect(described.get(table)?.sort(), table).toEqual([...cols].sort());
    }
  });
});

/** Reads main/db/schema.ts with the TypeScript compiler: Database's tables and each table interface's columns. */
function describedTables(): Map<string, string[]> {
  const file = new URL('./schema.ts', import.meta.url);
  const source = ts.createSourceFile('schema.ts', readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const database = interfaces.get('Database');
  if (database === undefined) throw new Error('schema.ts has no Database interface');
  const out = new Map<string, string[]>();
  for (const member of database.members) {
    if (!ts.isPropertySignature(member) || member.type === undefined || !ts.isTypeReferenceNode(member.type)) continue;
    const table = member.name.getText(source);
    const typeName = member.type.typeName.getText(source);
    const iface = interfaces.get(typeName);
    if (iface === undefined) throw new Error(`schema.ts: ${table} refers to ${typeName}, which is not an interface in the file`);
    out.set(
      table,
      iface.members.filter(ts.isPropertySignature).map((p) => p.name.getText(source)),
    );
  }
  return out;
}
