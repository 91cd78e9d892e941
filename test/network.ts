import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The network trap (test/support/no-network.cjs) for child processes, and what it recorded. */

export const NO_NETWORK_PRELOAD = join(__dirname, 'support', 'no-network.cjs');

export interface NetworkLog {
  /** Threads (pid and thread id) that loaded the trap. */
  loaded: string[];
  /** Network calls attempted, each with its stack. */
  attempts: string[];
}

export function readNetworkLog(path: string): NetworkLog {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const loaded = text.split('\n').filter((line) => line.startsWith('loaded ')).map((line) => line.slice('loaded '.length));
  const attempts = text.split(/\n(?=attempt |loaded )/).filter((entry) => entry.startsWith('attempt '));
  return { loaded, attempts };
}
