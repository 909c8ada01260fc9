import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The processes around a load run: the desk server it may start (`npm run serve`, as a child),
 * the admin commands it runs afterwards (`npm run desk -- check`, `audit verify`), and a sampler of
 * the server's CPU per thread (Linux /proc), so the report can say which thread was busy.
 */

export interface ServerChild {
  url: string;
  pid: number;
  /** What the server wrote to stderr (its log lines). */
  log: string[];
  stop(): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** `npm run serve -- --db FILE --port P` (through tsx directly, so the pid is the server's own). */
export async function startServer(root: string, file: string, port: number, nodeArgs: readonly string[], log: (line: string) => void): Promise<ServerChild> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'main/server/serve.ts', '--db', file, '--port', String(port)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let out = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line.trim() !== '' && lines.length < 100_000) lines.push(line);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 180 s:\n${lines.slice(-20).join('\n')}`)), 180_000);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      out += chunk;
      const found = /Bonus desk server: (http:\/\/[^\s/]+)\//.exec(out);
      if (found?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${String(code)}) before it listened:\n${lines.slice(-20).join('\n')}`));
    });
  });
  const pid = child.pid ?? 0;
  log(`Started the desk server (pid ${pid}) on ${url} over ${file}`);
  return {
    url,
    pid,
    log: lines,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 180_000);
      const code = await exited;
      clearTimeout(kill);
      return code;
    },
  };
}

export interface CommandOutcome {
  command: string;
  code: number | null;
  output: string;
  seconds: number;
}

/** One admin command, `npm run desk -- …`, bounded in time. */
export async function deskCommand(root: string, args: readonly string[], timeoutMs: number): Promise<CommandOutcome> {
  const started = performance.now();
  return await new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'desk', '--', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (output += chunk));
    child.stderr.on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ command: `npm run desk -- ${args.join(' ')}`, code, output: output.trim(), seconds: (performance.now() - started) / 1000 });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ command: `npm run desk -- ${args.join(' ')}`, code: null, output: error.message, seconds: (performance.now() - started) / 1000 });
    });
  });
}

interface ThreadTicks {
  name: string;
  ticks: number;
}

/** Each thread's CPU time (user + system, clock ticks) of a process, from /proc. */
function threadTicks(pid: number): Map<string, ThreadTicks> {
  const out = new Map<string, ThreadTicks>();
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      out.set(tid, { name: tid === String(pid) ? `${name} (main thread)` : name, ticks });
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/** CPU use of a process's threads between two instants (samples every second). */
export class CpuSampler {
  private readonly samples: { at: number; threads: Map<string, ThreadTicks> }[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly pid: number) {}

  start(): void {
    this.take();
    this.timer = setInterval(() => this.take(), 1_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.take();
  }

  private take(): void {
    this.samples.push({ at: performance.now(), threads: threadTicks(this.pid) });
  }

  /** Per thread name: % of one core between `from` and `to` (performance.now() instants). */
  between(from: number, to: number): { thread: string; percent: number }[] {
    const first = this.samples.find((s) => s.at >= from);
    const last = [...this.samples].reverse().find((s) => s.at <= to);
    if (first === undefined || last === undefined || last.at <= first.at) return [];
    const seconds = (last.at - first.at) / 1000;
    const byName = new Map<string, number>();
    for (const [tid, t] of last.threads) {
      const before = first.threads.get(tid)?.ticks ?? 0;
      // clock ticks are 1/100 s on Linux
      byName.set(t.name, (byName.get(t.name) ?? 0) + (t.ticks - before) / 100);
    }
    return [...byName.entries()]
      .map(([thread, cpu]) => ({ thread, percent: (cpu / seconds) * 100 }))
      .filter((x) => x.percent >= 0.5)
      .sort((a, b) => b.percent - a.percent);
  }
}
