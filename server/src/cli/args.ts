import { closestMatch } from '../core/validation/text';
import { UsageError } from './errors';
import * as l10n from '@vscode/l10n';

/**
 * A small command-line parser: `--name value`, `--name=value`, boolean `--flag`, `-h`, `--` to
 * end options, and `-` as a positional argument (standard input). No dependency, strict: an
 * unknown option or a missing value is a usage error (exit 2) with a suggestion.
 */

export interface OptionSpec {
  /** Long name without dashes: `format`. */
  name: string;
  type: 'string' | 'boolean';
  /** Allowed values of a string option. */
  values?: readonly string[];
  /** One-letter alias without the dash: `q`. */
  short?: string;
  /** `FILE`, `VERSION`... for the help text. */
  placeholder?: string;
  description: string;
  /** Default shown in the help text. */
  defaultText?: string;
}

export interface ParsedArgs {
  options: Map<string, string | boolean>;
  positionals: string[];
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): ParsedArgs {
  const options = new Map<string, string | boolean>();
  const positionals: string[] = [];
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const byShort = new Map(specs.filter((spec) => spec.short).map((spec) => [spec.short!, spec]));
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
      spec = byName.get(name);
      if (!spec) {
        const near = closestMatch(name, [...byName.keys()]);
        throw new UsageError(near ? l10n.t('Unknown option `--{0}`; did you mean `--{1}`?', name, near) : l10n.t('Unknown option `--{0}`.', name), command);
      }
    } else {
      spec = arg.length === 2 ? byShort.get(arg[1]) : undefined;
      if (!spec) throw new UsageError(l10n.t('Unknown option `{0}`.', arg), command);
    }
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(l10n.t('The option `--{0}` takes no value.', spec.name), command);
      options.set(spec.name, true);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length || (argv[i + 1].startsWith('-') && argv[i + 1] !== '-')) {
        throw new UsageError(l10n.t('The option `--{0}` needs a value ({1}).', spec.name, spec.values ? spec.values.join(', ') : spec.placeholder ?? 'VALUE'), command);
      }
      value = argv[++i];
    }
    if (spec.values && !spec.values.includes(value)) {
      const near = closestMatch(value, spec.values);
      throw new UsageError(near
        ? l10n.t('Invalid value `{0}` for `--{1}`: expected {2} (did you mean `{3}`?).', value, spec.name, spec.values.join(', '), near)
        : l10n.t('Invalid value `{0}` for `--{1}`: expected {2}.', value, spec.name, spec.values.join(', ')), command);
    }
    options.set(spec.name, value);
  }
  return { options, positionals };
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.options.get(name) === true;
}

/** The options part of a command's help text, aligned. */
export function formatOptions(specs: readonly OptionSpec[]): string {
  const rows = specs.map((spec) => {
    const names = `${spec.short ? `-${spec.short}, ` : '    '}--${spec.name}${spec.type === 'string' ? ` ${spec.values ? spec.values.join('|') : spec.placeholder ?? 'VALUE'}` : ''}`;
    const description = spec.defaultText ? l10n.t('{0} (default: {1})', l10n.t(spec.description), l10n.t(spec.defaultText)) : l10n.t(spec.description);
    return [names, description] as const;
  });
  const width = Math.max(...rows.map(([names]) => names.length));
  return rows.map(([names, description]) => `  ${names.padEnd(width)}  ${description}`).join('\n');
}
