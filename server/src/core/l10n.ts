import * as l10n from '@vscode/l10n';

/**
 * The language of every message Kubesmith writes (docs/architecture.md, "Translations").
 *
 * Messages are English templates in the code, `l10n.t('Image `{0}` has no tag...', image)`;
 * `@vscode/l10n` looks each up in the bundle of the session's language, which the shell gives
 * here before the first analysis: the language server from the `initialize` request, the CLI
 * from `--lang` or the environment, its worker threads from the main thread. English is the
 * source and loads no bundle. The core reads no file: the shell reads the bundle
 * (node/l10nBundle.ts) and passes its contents.
 *
 * One language a process: analyses are cached with their messages (core/service.ts), so the
 * service keys its caches by `currentLocale()` as well, and a change of language (tests switch)
 * never serves a message of the other one.
 */

export type Locale = 'en' | 'zh-cn';

/** The languages Kubesmith has bundles for, besides English. */
export const TRANSLATED_LOCALES: readonly Locale[] = ['zh-cn'];

let current: Locale = 'en';

/**
 * The supported language a locale tag asks for: `zh-cn`, `zh-CN`, `zh_CN.UTF-8`, `zh-Hans`,
 * `zh-Hans-CN`, `zh-SG` and plain `zh` are Simplified Chinese; anything else is English.
 */
export function supportedLocale(tag: string | undefined): Locale {
  const normalized = (tag ?? '').trim().toLowerCase().replace(/_/g, '-').replace(/[.@].*$/, '');
  if (normalized === 'zh' || normalized === 'zh-cn' || normalized === 'zh-sg' || normalized.startsWith('zh-hans')) return 'zh-cn';
  return 'en';
}

/** Sets the language of the messages from now on; `bundle` is that language's catalogue (none for English). */
export function setLocale(locale: Locale, bundle?: Record<string, string>): void {
  if (locale !== 'en' && !bundle) throw new Error(`No message bundle was given for ${locale}.`);
  l10n.config({ contents: locale === 'en' ? {} : bundle! });
  current = locale;
}

export function currentLocale(): Locale {
  return current;
}

/**
 * Marks English text kept as data (a table of phrases) for the message bundle: scripts/export-l10n.ts
 * exports every `phrase('...')`, and the code that shows one translates it, `l10n.t(entry.what)`.
 */
export function phrase<T extends string>(text: T): T {
  return text;
}
