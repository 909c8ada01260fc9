import { existsSync } from 'node:fs';
import { contract } from '../../../shared/contract.js';
import { DeskError } from '../../../shared/errors.js';
import { listUsers, setPassword } from '../../services/auth.js';
import { openForCommand, parse, UsageError, type Command } from './shared.js';
import { password as askPassword } from './users.js';

/** The first line piped in on stdin (`printf '%s\n' "$PW" | npm run desk -- set-password …`). */
async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/**
 * An admin gives a user a new password from the command line: the way in to a desk built by
 * `import-all` (B15), whose users arrive without passwords, and the way back in for a desk whose
 * admins all forgot theirs. The password comes from DESK_PASSWORD, is asked twice on a terminal
 * without echo, or is the first line of stdin — never an argument (it would land in the shell
 * history). The same rules as the admin's form (the contract's `users.setPassword`); audited.
 */
export const setPasswordCommand: Command = {
  name: 'set-password',
  summary: 'Set a user’s password (from DESK_PASSWORD, asked on a terminal, or the first line of stdin); how users of an imported desk get theirs (B15).',
  usage: 'set-password --db FILE --user USERNAME [--json]',
  async run(argv) {
    const { values } = parse(argv, { db: { type: 'string' }, user: { type: 'string' }, json: { type: 'boolean', default: false }, now: { type: 'string' } });
    if (values.db === undefined) throw new UsageError('--db FILE is required');
    if (values.user === undefined) throw new UsageError('--user USERNAME is required');
    if (!existsSync(values.db)) throw new UsageError(`there is no database at ${values.db}`);
    const username = values.user.trim().toLowerCase();
    const fromEnv = process.env.DESK_PASSWORD;
    const pw = (fromEnv !== undefined && fromEnv !== '') || process.stdin.isTTY ? await askPassword() : await firstLineOfStdin();
    const parsed = contract['users.setPassword'].input.safeParse({ userId: 1, password: pw });
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const { desk, ctx } = await openForCommand(values.db, values.now);
    try {
      const user = (await listUsers(ctx)).find((u) => u.username === username);
      if (user === undefined) throw new DeskError('not_found', `There is no user ${username} (npm run desk -- users list --db ${values.db})`);
      await setPassword(ctx, user.id, parsed.data.password);
      if (values.json) console.log(JSON.stringify({ username: user.username, passwordSet: true, active: user.active }));
      else console.log(`Password set for ${user.username}${user.active ? '; they can sign in now.' : ' (the account is deactivated: reactivate it on the Users page).'}`);
      return 0;
    } finally {
      desk.close();
    }
  },
};
