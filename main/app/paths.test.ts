import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbArgument, nativeBindingPath, resolveDbPath, resolveServer, serverArgument, settingsPath } from './paths.js';

describe('database path', () => {
  const base = { env: {}, userData: '/home/a/.config/Bonus desk', cwd: '/work' };

  it('defaults to bonus-desk.db in the user-data folder', () => {
    expect(resolveDbPath({ ...base, argv: ['electron', '.'] })).toBe(join(base.userData, 'bonus-desk.db'));
  });

  it('takes --db PATH or --db=PATH, relative to the working directory', () => {
    expect(resolveDbPath({ ...base, argv: ['electron', '.', '--db', 'test.db'] })).toBe(join('/work', 'test.db'));
    expect(resolveDbPath({ ...base, argv: ['bonus-desk', '--db=/data/desk.db'] })).toBe('/data/desk.db');
  });

  it('takes DESK_DB when there is no --db, and --db over DESK_DB', () => {
    expect(resolveDbPath({ ...base, argv: [], env: { DESK_DB: '/data/env.db' } })).toBe('/data/env.db');
    expect(resolveDbPath({ ...base, argv: [], env: { DESK_DB: '  ' } })).toBe(join(base.userData, 'bonus-desk.db'));
    expect(resolveDbPath({ ...base, argv: ['--db', '/a.db'], env: { DESK_DB: '/b.db' } })).toBe('/a.db');
  });

  it('ignores a --db without a value', () => {
    expect(dbArgument(['--db'])).toBeUndefined();
    expect(dbArgument(['--db', '--inspect'])).toBeUndefined();
    expect(dbArgument(['--db='])).toBeUndefined();
  });
});

describe('nativeBindingPath', () => {
  it('is .native/electron-<version> in development, resources/native/electron-<version> when packaged', () => {
    const input = { appPath: '/work/main', resourcesPath: '/opt/Bonus desk/resources', electronVersion: '42.11.18' };
    expect(nativeBindingPath({ ...input, packaged: false })).toBe(join('/work/main', '.native', 'electron-42.11.18', 'better_sqlite3.node'));
    expect(nativeBindingPath({ ...input, packaged: true })).toBe(join('/opt/Bonus desk/resources', 'native', 'electron-42.11.18', 'better_sqlite3.node'));
  });
});

describe('desk server choice (issue 11)', () => {
  const none = (): string | undefined => undefined;

  it('takes --server URL or --server=URL, then DESK_SERVER, then the stored choice', () => {
    expect(serverArgument(['electron', '.', '--server', 'https://a.example'])).toBe('https://a.example');
    expect(serverArgument(['--server=https://b.example', '--server', '--inspect'])).toBe('https://b.example');
    expect(resolveServer({ argv: ['--server', 'https://a.example'], env: { DESK_SERVER: 'https://b.example' }, stored: () => 'https://c.example' })).toEqual({ address: 'https://a.example', source: 'argument' });
    expect(resolveServer({ argv: [], env: { DESK_SERVER: 'https://b.example' }, stored: () => 'https://c.example' })).toEqual({ address: 'https://b.example', source: 'environment' });
    expect(resolveServer({ argv: [], env: { DESK_SERVER: ' ' }, stored: () => 'https://c.example' })).toEqual({ address: 'https://c.example', source: 'settings' });
    expect(resolveServer({ argv: [], env: {}, stored: none })).toBeUndefined();
  });

  it('a database named with --db or DESK_DB opens the desk on this machine instead of the stored server', () => {
    expect(resolveServer({ argv: ['--db', 'test.db'], env: {}, stored: () => 'https://c.example' })).toBeUndefined();
    expect(resolveServer({ argv: [], env: { DESK_DB: '/data/a.db' }, stored: () => 'https://c.example' })).toBeUndefined();
    // An explicit server still wins over an explicit database.
    expect(resolveServer({ argv: ['--db', 'test.db', '--server', 'https://a.example'], env: {}, stored: none })).toEqual({ address: 'https://a.example', source: 'argument' });
  });

  it('keeps the settings beside the database in the user-data folder', () => {
    expect(settingsPath('/home/a/.config/Bonus desk')).toBe(join('/home/a/.config/Bonus desk', 'settings.json'));
  });
});
