import * as l10n from '@vscode/l10n';
/**
 * Terminal output: colours (only on a TTY, never with NO_COLOR or --no-color; FORCE_COLOR forces
 * them), and a progress line on stderr for long runs.
 */

export interface Colors {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  underline(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  green(text: string): string;
  gray(text: string): string;
}

function wrap(enabled: boolean, open: number, close: number): (text: string) => string {
  return enabled ? (text) => `\u001b[${open}m${text}\u001b[${close}m` : (text) => text;
}

export function colors(enabled: boolean): Colors {
  return {
    enabled,
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
    underline: wrap(enabled, 4, 24),
    red: wrap(enabled, 31, 39),
    yellow: wrap(enabled, 33, 39),
    blue: wrap(enabled, 34, 39),
    green: wrap(enabled, 32, 39),
    gray: wrap(enabled, 90, 39),
  };
}

/** Whether to colour what goes to `stream`. */
export function useColor(stream: { isTTY?: boolean }, noColorFlag: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * `Checking files… 1200/20000` on stderr, redrawn at most every 100 ms, shown only when stderr is a
 * terminal and the run lasts more than half a second; erased when done.
 */
export class Progress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream, private readonly total: number, private readonly enabled: boolean, private readonly label = 'Checking') {}

  update(done: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < 500 || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.shown = true;
    const percent = this.total ? Math.floor((done / this.total) * 100) : 100;
    this.stream.write(l10n.t('\r[2K{0} {1}/{2} files ({3}%)…', this.label, done, this.total, percent));
  }

  done(): void {
    if (this.shown) this.stream.write('\r\u001b[2K');
    this.shown = false;
  }
}

/** Writes to stdout, ignoring EPIPE (`kubesmith lint | head`). */
export function writeOut(text: string): void {
  if (text) process.stdout.write(text);
}

export function writeErr(text: string): void {
  if (text) process.stderr.write(text);
}

let pipeGuard = false;
export function guardPipes(): void {
  if (pipeGuard) return;
  pipeGuard = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
}
