import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDesk, type Desk } from '../desk.js';
import { serveDesk, type ServedDesk } from '../testing/served-desk.js';
import { TEST_PASSWORD_N, testDesk, type TestDesk } from '../testing/test-desk.js';
import { RemoteConnection } from './remote.js';
import { checkServer, isLoopbackHost, parseServerAddress } from './server-address.js';
import { chooseServer, type ServerChoiceDeps } from './server-choice.js';
import { readAppSettings, writeAppSettings } from './settings.js';

/**
 * The first-start screen's "connect to the centre's desk server" as main answers it (issue 11):
 * the address rules, the health check against real servers, the settings file, and the guard
 * that keeps a desk that is set up where it is.
 */

describe('server address', () => {
  it('takes https://, or http:// on this machine, reduced to the origin', () => {
    expect(parseServerAddress('https://desk.senter.no:8443')).toEqual({ ok: true, url: 'https://desk.senter.no:8443' });
    expect(parseServerAddress('  https://desk.senter.no/  ')).toEqual({ ok: true, url: 'https://desk.senter.no' });
    // No scheme typed: https is assumed.
    expect(parseServerAddress('desk.senter.no:8443')).toEqual({ ok: true, url: 'https://desk.senter.no:8443' });
    expect(parseServerAddress('http://127.0.0.1:8080')).toEqual({ ok: true, url: 'http://127.0.0.1:8080' });
    expect(parseServerAddress('http://localhost:8080')).toEqual({ ok: true, url: 'http://localhost:8080' });
    expect(parseServerAddress('http://[::1]:8080')).toEqual({ ok: true, url: 'http://[::1]:8080' });
  });

  it('refuses plain http across a network, and anything that is not a server origin', () => {
    expect(parseServerAddress('http://desk.senter.no:8080')).toEqual({ ok: false, reason: 'insecure' });
    expect(parseServerAddress('http://10.0.0.5')).toEqual({ ok: false, reason: 'insecure' });
    expect(parseServerAddress('http://127.0.0.1.evil.example')).toEqual({ ok: false, reason: 'insecure' });
    for (const bad of ['', '   ', 'ftp://desk.senter.no', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@desk.senter.no', 'https://desk.senter.no/api', 'https://desk.senter.no/?x=1', 'https://desk senter.no', 'https://', `https://${'a'.repeat(2_100)}.no`]) {
      expect(parseServerAddress(bad), bad).toMatchObject({ ok: false, reason: 'address' });
    }
    expect(isLoopbackHost('127.255.0.1')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });
});

describe('settings file', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'desk-settings-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is written whole under a temporary name and read back; a missing or broken file is no settings', () => {
    const file = join(dir, 'sub', 'settings.json');
    expect(readAppSettings(file)).toEqual({});
    writeAppSettings(file, { server: 'https://desk.senter.no' });
    expect(readAppSettings(file)).toEqual({ server: 'https://desk.senter.no' });
    writeAppSettings(file, { server: 'https://other.senter.no' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ server: 'https://other.senter.no' });
    expect(readdirSync(join(dir, 'sub'))).toEqual(['settings.json']);

    const problems: string[] = [];
    writeFileSync(file, '{"server": "https://desk.sen');
    expect(readAppSettings(file, (m) => problems.push(m))).toEqual({});
    expect(problems).toHaveLength(1);
    writeFileSync(file, '{"server": 42}');
    expect(readAppSettings(file)).toEqual({});
  });
});

describe('choosing a desk server', () => {
  let setUp: TestDesk;
  let served: ServedDesk;
  let fresh: Desk;
  let freshDir = '';
  let other: Server;
  let otherUrl = '';

  beforeAll(async () => {
    setUp = await testDesk();
    served = await serveDesk(setUp.desk);
    freshDir = mkdtempSync(join(tmpdir(), 'desk-fresh-'));
    fresh = await openDesk({ file: join(freshDir, 'desk.db'), passwordN: TEST_PASSWORD_N });
    // Something that answers HTTP but is not a desk server.
    other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>It works!</h1>'));
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', () => done()));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await served?.close();
    setUp?.close();
    fresh?.close();
    rmSync(freshDir, { recursive: true, force: true });
    await new Promise<void>((done) => other.close(() => done()));
  });

  const deps = (current: () => ReturnType<Desk['connect']>): ServerChoiceDeps & { saved: string[]; switched: string[] } => {
    const saved: string[] = [];
    const switched: string[] = [];
    return { current, save: (url) => void saved.push(url), switchTo: (url) => void switched.push(url), saved, switched };
  };

  it('checks the health of a real desk server', async () => {
    await expect(checkServer(served.url)).resolves.toEqual({ ok: true, value: { url: served.url, schemaVersion: expect.stringMatching(/^\d{4}_/), engine: 'sqlite' } });
    await expect(checkServer(otherUrl)).resolves.toMatchObject({ ok: false, error: { code: 'not_found', details: { reason: 'not_a_desk' } } });
  });

  it('connects a new desk: checks the server, saves the address, then moves the window', async () => {
    const d = deps(() => fresh.connect());
    await expect(chooseServer(`${served.url}/`, d)).resolves.toMatchObject({ ok: true, value: { url: served.url, engine: 'sqlite' } });
    expect(d.saved).toEqual([served.url]);
    expect(d.switched).toEqual([served.url]);
  });

  it('leaves a desk that is set up where it is', async () => {
    const d = deps(() => setUp.desk.connect());
    await expect(chooseServer(served.url, d)).resolves.toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'set_up' } } });
    expect(d.saved).toEqual([]);
    expect(d.switched).toEqual([]);
  });

  it('lets a desk whose server is gone choose another', async () => {
    const gone = await serveDesk(setUp.desk);
    await gone.close();
    const d = deps(() => new RemoteConnection({ url: gone.url }));
    await expect(chooseServer(served.url, d)).resolves.toMatchObject({ ok: true });
    expect(d.switched).toEqual([served.url]);
  });

  it('refuses a bad or insecure address, a server that does not answer, and one that is not a desk; nothing is saved', async () => {
    const gone = await serveDesk(setUp.desk);
    await gone.close();
    const d = deps(() => fresh.connect());
    const current = vi.fn(() => fresh.connect());
    await expect(chooseServer('http://desk.senter.no', { ...d, current })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input', details: { reason: 'insecure' } } });
    await expect(chooseServer('not a url', { ...d, current })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input', details: { reason: 'address' } } });
    // An address refused by its form never reaches a desk or the network.
    expect(current).not.toHaveBeenCalled();
    await expect(chooseServer(gone.url, d)).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', details: { reason: 'network' } } });
    await expect(chooseServer(otherUrl, d)).resolves.toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(d.saved).toEqual([]);
    expect(d.switched).toEqual([]);
  });
});
