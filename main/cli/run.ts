import { DeskError } from '../../shared/errors.js';
import { UsageError, type Command } from './commands/shared.js';

/** Where the command line writes; tests pass their own. */
export interface CliOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: CliOutput = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

const PROGRAM = 'npm run desk --';

/** The help text: every command with its usage line and summary, or one command in full. */
export function helpText(commands: readonly Command[], name?: string): string {
  if (name !== undefined) {
    const command = commands.find((c) => c.name === name);
    if (command !== undefined) return `usage: ${PROGRAM} ${command.usage}\n\n${command.summary}`;
  }
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    `Bonus desk admin command line.`,
    ``,
    `usage: ${PROGRAM} <command> [options]`,
    ``,
    `commands:`,
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  This text, or one command's usage: help <command>.`,
    ``,
    `usage lines:`,
    ...commands.map((c) => `  ${PROGRAM} ${c.usage}`),
  ].join('\n');
}

/**
 * Runs one command line and returns the exit code. Expected failures (bad arguments, a refused
 * desk operation, an SQLite file that cannot be opened) print one clear line, no stack trace.
 */
export async function runCli(argv: readonly string[], commands: readonly Command[], io: CliOutput = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined && !commands.some((c) => c.name === topic)) {
      io.err(`error: there is no command "${topic}"`);
      io.err(helpText(commands));
      return 1;
    }
    (name === undefined ? io.err : io.out)(helpText(commands, topic));
    return name === undefined ? 1 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.err(`error: there is no command "${name}"; try: ${PROGRAM} help`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(helpText(commands, command.name));
    return 0;
  }
  try {
    return await command.run([...rest]);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      io.err(`usage: ${PROGRAM} ${command.usage}`);
      return 1;
    }
    if (error instanceof DeskError) {
      io.err(`error: ${error.message} (${error.code})`);
      return 1;
    }
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (code.startsWith('SQLITE_') || (error instanceof Error && error.name === 'DatabaseFromFutureError')) {
      io.err(`error: ${(error as Error).message}`);
      return 1;
    }
    // Not expected: keep the stack, it is what a bug report needs.
    io.err(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}
