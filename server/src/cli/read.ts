import { readTextFileSync } from '../node/textFile';
import { describeIoError } from './settings';
import * as l10n from '@vscode/l10n';

/**
 * Reads the files; unreadable files are collected (by their index), not thrown. Synchronously:
 * for many small files, one call each is several times faster than through the thread pool
 * (13,000 files of 1 KB: 0.15 s against 1 s with 64 reads in flight).
 */
export function readTexts(paths: readonly string[], names: readonly string[]): { texts: (string | undefined)[]; errors: { index: number; message: string }[] } {
  const texts = new Array<string | undefined>(paths.length);
  const errors: { index: number; message: string }[] = [];
  paths.forEach((path, i) => {
    try {
      texts[i] = readTextFileSync(path).text;
    } catch (error) {
      errors.push({ index: i, message: l10n.t('Cannot read {0}: {1}', names[i], describeIoError(error)) });
    }
  });
  return { texts, errors };
}
