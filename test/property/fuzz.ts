import { appendFileSync } from 'node:fs';
import fc from 'fast-check';

/**
 * How many cases the property tests run, and with which seed: a few thousand per CI run by default
 * (a fixed seed, so a run can be repeated), many more with `npm run fuzz` (FUZZ_SCALE, a fresh seed
 * unless FUZZ_SEED is set). The seed is printed before the cases run; a failure prints the seed,
 * the path and the shrunk counterexample, which `FUZZ_SEED=<seed> FUZZ_PATH=<path>` replays.
 */

const DEFAULT_SEED = 20261205;

/**
 * FUZZ_SCALE multiplies each property's share of cases (its CI share; `npm run fuzz` sets it from
 * the number of cases asked for). A run with a scale takes a fresh seed unless FUZZ_SEED is set.
 */
const scale = process.env.FUZZ_SCALE !== undefined ? Number(process.env.FUZZ_SCALE) : 1;

export const fuzzSeed: number = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED)
  : process.env.FUZZ_SCALE !== undefined ? (Date.now() ^ (process.pid << 8)) >>> 0 : DEFAULT_SEED;

let announced = false;

/** fast-check parameters for a property whose CI share is `ciRuns` cases. */
export function fuzzParameters<T>(ciRuns: number): fc.Parameters<T> {
  if (!announced) {
    announced = true;
    console.log(`      (property tests: seed ${fuzzSeed}${scale !== 1 ? `, ${scale.toFixed(2)}× the CI cases` : ''}; replay with FUZZ_SEED=${fuzzSeed})`);
  }
  return {
    seed: fuzzSeed,
    numRuns: Math.max(1, Math.round(ciRuns * scale)),
    ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
    verbose: 0,
  };
}

/** What a fuzz run reports (docs/reliability.md): cases, crashes, the slowest document, memory. */
export class FuzzStats {
  cases = 0;
  crashes = 0;
  slowestMs = 0;
  slowestSize = 0;
  slowestLabel = '';
  peakRss = 0;
  maxStepsPerChar = 0;

  /** The input of the slowest case (written to FUZZ_REPORT, to be looked at). */
  slowestInput: unknown;

  record(label: string, size: number, ms: number, input?: unknown): void {
    this.cases++;
    // (The first cases of a process warm it up: compiling, loading schemas. They are not the slowest documents.)
    if (this.cases > 3 && ms > this.slowestMs) {
      this.slowestMs = ms;
      this.slowestSize = size;
      this.slowestLabel = label;
      this.slowestInput = input;
    }
    if (this.cases % 64 === 0) this.peakRss = Math.max(this.peakRss, process.memoryUsage().rss);
  }

  summary(name: string): string {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage().rss);
    return `${name}: ${this.cases} cases, ${this.crashes} crashes, slowest ${this.slowestMs.toFixed(1)} ms (${this.slowestLabel}, ${this.slowestSize} characters), peak memory ${Math.round(this.peakRss / 1024 / 1024)} MB`;
  }
}

export const stats = new Map<string, FuzzStats>();

export function statsFor(name: string): FuzzStats {
  let found = stats.get(name);
  if (!found) stats.set(name, (found = new FuzzStats()));
  return found;
}

/** Prints (and with FUZZ_REPORT, appends as JSON lines to that file) the figures of a scaled run. */
export function reportStats(names: readonly string[]): void {
  if (process.env.FUZZ_SCALE === undefined) return;
  for (const name of names) {
    const found = stats.get(name);
    if (!found || found.cases === 0) continue;
    console.log(`      ${found.summary(name)}`);
    if (process.env.FUZZ_REPORT) {
      appendFileSync(process.env.FUZZ_REPORT, `${JSON.stringify({ name, seed: fuzzSeed, cases: found.cases, slowestMs: found.slowestMs, slowestLabel: found.slowestLabel, slowestSize: found.slowestSize, peakRss: found.peakRss, slowestInput: found.slowestInput })}\n`);
    }
  }
}
