import { existsSync } from 'node:fs';
import { contract } from '../../../shared/contract.js';
import { roles } from '../../../shared/roles.js';
import { createUser, listUsers } from '../../services/auth.js';
import { openForCommand, parse, UsageError, type Command } from './shared.js';

/** Reads a password from the terminal without echoing it. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stdout.write('\n');
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish();
          reject(new UsageError('cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    process.stdout.write(prompt);
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** DESK_PASSWORD, or asked twice on a terminal; never an argument (it would land in the shell history). Also set-password's. */
export async function password(): Promise<string> {
  const fromEnv = process.env.DESK_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) throw new UsageError('set DESK_PASSWORD, or run in a terminal to be asked for the password');
  const first = await readHidden('Password: ');
  const second = await readHidden('Again: ');
  if (first !== second) throw new UsageError('the two passwords differ');
  return first;
}

/** User accounts from the command line (the admin's job in the app). */
export const usersCommand: Command = {
  name: 'users',
  summary: 'Add a user (password from DESK_PASSWORD or asked), or list the users.',
  usage: `users add --db FILE --username U --role ${roles.join('|')} --name "Full Name" | users list --db FILE [--json]`,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        db: { type: 'string' },
        username: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        json: { type: 'boolean', default: false },
        now: { type: 'string' },
      },
      true,
    );
    const action = positionals[0];
    if (action !== 'add' && action !== 'list') throw new UsageError(action === undefined ? 'say what to do: users add or users list' : `unknown action "${action}"`);
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1] ?? ''}"`);
    if (values.db === undefined) throw new UsageError('--db FILE is required');
    if (!existsSync(values.db)) throw new UsageError(`there is no database at ${values.db}`);

    if (action === 'list') {
      const { desk, ctx } = await openForCommand(values.db, values.now);
      try {
        const users = await listUsers(ctx);
        if (values.json) console.log(JSON.stringify(users));
        else for (const u of users) console.log(`  ${u.username.padEnd(16)} ${u.role.padEnd(11)} ${u.active ? 'active  ' : 'inactive'} ${u.displayName}`);
        return 0;
      } finally {
        desk.close();
      }
    }

    if (values.username === undefined) throw new UsageError('--username U is required');
    if (values.role === undefined) throw new UsageError(`--role is required (${roles.join(', ')})`);
    if (values.name === undefined) throw new UsageError('--name "Full Name" is required');
    // The same rules as the admin's form in the app (the contract's input schema).
    const check = (pw: string) =>
      contract['users.create'].input.safeParse({ username: values.username, displayName: values.name, role: values.role, password: pw });
    const shape = check('x'.repeat(12));
    if (!shape.success) throw new UsageError(shape.error.issues.map((i) => `${i.path.join('.') === 'displayName' ? 'name' : i.path.join('.')}: ${i.message}`).join('; '));
    const parsed = check(await password());
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const { desk, ctx } = await openForCommand(values.db, values.now);
    try {
      const user = await createUser(ctx, parsed.data);
      if (values.json) console.log(JSON.stringify(user));
      else console.log(`Added ${user.username} (${user.displayName}) as ${user.role}.`);
      return 0;
    } finally {
      desk.close();
    }
  },
};
