import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Locale, setLocale, supportedLocale } from '../core/l10n';

/**
 * Reads the message bundle of a language (`l10n/bundle.l10n.<locale>.json`, beside `schemas/` in
 * the repository, the .vsix and the npm package) and makes it the language of the process. English
 * reads no file.
 */
export function bundlePath(schemasDirectory: string, locale: Locale): string {
  return join(dirname(schemasDirectory), 'l10n', `bundle.l10n.${locale}.json`);
}

export function useLocale(tag: string | undefined, schemasDirectory: string | (() => string)): Locale {
  const locale = supportedLocale(tag);
  const directory = () => (typeof schemasDirectory === 'string' ? schemasDirectory : schemasDirectory());
  setLocale(locale, locale === 'en' ? undefined : (JSON.parse(readFileSync(bundlePath(directory(), locale), 'utf8')) as Record<string, string>));
  return locale;
}

/** The language the environment asks for, as POSIX reads it: `LC_ALL`, then `LC_MESSAGES`, then `LANG`. */
export function environmentLocale(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
}
