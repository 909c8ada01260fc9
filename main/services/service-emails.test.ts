import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_EMAIL_TEMPLATE } from '../../shared/service-email-template.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { buildEml, encodeHeader } from './service-emails.js';

/** B12 (issue 15): the template supervisors edit, the list rendered with it, the .eml export, and the sent date on the timeline. */

let t: TestDesk;
let ase: number;
let emailId: number;
beforeEach(async () => {
  t = await testDesk('2026-11-21T10:00:00Z');
  ase = await t.aMember({ firstName: 'Åse', lastName: 'Østby', email: 'ase@example.no' });
  await t.earn(ase, 2_500, '2026-01-05');
  emailId = Number(
    t.desk.store.sqlite
      .prepare(`INSERT INTO service_emails (member_id, kind, due_on, ends_on, run_id, subject, body, sent_at, sent_by) VALUES (?, 'membership_ending', '2026-12-01', '2026-12-31', NULL, 'old', 'old', NULL, NULL)`)
      .run(ase).lastInsertRowid,
  );
});
afterEach(() => t.close());

/** Decodes RFC 2047 encoded words and a quoted-printable body: the message as a mail reader shows it. */
function parseEml(text: string): { headers: Record<string, string>; body: string } {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n /g, ' ').split('\r\n')) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).toLowerCase()] = line
      .slice(at + 1)
      .trim()
      .replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/g, (_m, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
  }
  const qp = rest.join('\r\n\r\n').replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < qp.length; i += 1) {
    if (qp[i] === '=' && /^[0-9A-F]{2}$/.test(qp.slice(i + 1, i + 3))) {
      bytes.push(parseInt(qp.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(qp.charCodeAt(i));
  }
  return { headers, body: Buffer.from(bytes).toString('utf8') };
}

describe('B12: service emails', () => {
  it('B12: the list renders with the template in force; a supervisor edits it, an unknown placeholder is refused, agents and managers cannot', async () => {
    const supervisor = await t.as('supervisor');
    expect((await supervisor.call('runs.emailTemplate', {})).template).toEqual(DEFAULT_SERVICE_EMAIL_TEMPLATE);
    const [first] = (await supervisor.call('runs.serviceEmails', {})).emails;
    expect(first?.subject).toBe('Ditt medlemskap i bonusprogrammet avsluttes 31.12.2026');
    expect(first?.body).toContain('Hei Åse,');
    expect(first?.body).toContain('2\u00a0500 poeng');
    const template = { from: 'Kundeservice <ks@example.no>', subject: 'Hei {{fornavn}}: slutt {{sluttdato}}', body: 'Kjære {{fornavn}} {{etternavn}} ({{medlemsnr}}), saldo {{saldo}}.' };
    expect(await supervisor.call('runs.setEmailTemplate', { template })).toEqual({ changed: true });
    expect(await supervisor.call('runs.setEmailTemplate', { template })).toEqual({ changed: false });
    const [again] = (await supervisor.call('runs.serviceEmails', {})).emails;
    expect(again?.subject).toBe('Hei Åse: slutt 31.12.2026');
    expect(again?.body).toMatch(/^Kjære Åse Østby \(\d+\), saldo 2\u00a0500\.$/);
    expect(await supervisor.invoke('runs.setEmailTemplate', { template: { ...template, body: 'Hei {{navn}}' } })).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { placeholder: 'navn' } } });
    const audit = t.desk.store.sqlite.prepare("SELECT details FROM audit_log WHERE action = 'runs.setEmailTemplate'").pluck().all() as string[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0] ?? '{}')).toMatchObject({ before: DEFAULT_SERVICE_EMAIL_TEMPLATE, after: template });
    expect(await (await t.as('manager')).invoke('runs.setEmailTemplate', { template })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await (await t.as('agent')).invoke('runs.emailTemplate', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('B12: the export writes one RFC 5322 .eml per email due, which reads back as the list shows it; marking the exported ones sent puts them on the timeline', async () => {
    const supervisor = await t.as('supervisor');
    const [listed] = (await supervisor.call('runs.serviceEmails', {})).emails;
    const result = await supervisor.call('runs.exportServiceEmails', { markSent: true });
    expect(result).toMatchObject({ files: 1, skipped: 0, emailIds: [emailId] });
    expect(result.folder).toMatch(/^tjenesteeposter-/);
    const dir = join(t.dir, 'exports');
    expect(readdirSync(dir)).toEqual([result.folder]);
    const [name = ''] = readdirSync(result.path);
    const text = readFileSync(join(result.path, name), 'utf8');
    expect(text).toMatch(/^From: Kundeservice <kundeservice@bonusprogrammet\.no>\r\n/);
    expect(text).toContain('\r\nMIME-Version: 1.0\r\n');
    expect(text).toContain('\r\nContent-Type: text/plain; charset=utf-8\r\n');
    expect(text).toContain('\r\nDate: Sat, 21 Nov 2026 10:00:00 +0000\r\n');
    // Headers are ASCII only (æøå encoded, RFC 2047); no line is longer than 78 characters.
    expect(text.split('\r\n\r\n')[0]).toMatch(/^[\x20-\x7e\r\n]*$/);
    expect(text.split('\r\n').every((line) => line.length <= 78)).toBe(true);
    const parsed = parseEml(text);
    expect(parsed.headers['to']).toBe('ase@example.no');
    expect(parsed.headers['subject']).toBe(listed?.subject);
    expect(parsed.body.replace(/\r\n/g, '\n').trimEnd()).toBe(listed?.body);

    expect((await supervisor.call('runs.serviceEmails', {})).emails).toEqual([]);
    const { items } = await supervisor.call('members.timeline', { memberId: ase, limit: 30 });
    expect(items.find((i) => i.kind === 'service_email')).toMatchObject({ type: 'sent', text: listed?.subject, author: t.users.supervisor.displayName, on: '2026-11-21' });
    expect(await supervisor.invoke('runs.markEmailSent', { emailId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('encodes headers outside ASCII as RFC 2047 words', () => {
    expect(encodeHeader('Plain subject')).toBe('Plain subject');
    expect(encodeHeader('Blåbær')).toBe(`=?UTF-8?B?${Buffer.from('Blåbær').toString('base64')}?=`);
    const eml = buildEml({ from: 'Kundeservice <a@b.no>', to: 'c@d.no', subject: 'æ'.repeat(60), body: 'ø'.repeat(100), date: new Date('2026-01-02T03:04:05Z'), messageId: 'x@y' });
    const parsed = parseEml(eml);
    expect(parsed.headers['subject']).toBe('æ'.repeat(60));
    expect(parsed.body.trimEnd()).toBe('ø'.repeat(100));
  });
});
