import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSchemasDirectory } from '../node/bundleReader';
import { environmentLocale, useLocale } from '../node/l10nBundle';
import { closestMatch } from '../core/validation/text';
import { CliError, EXIT_ERROR, EXIT_OK, UsageError } from './errors';
import { hardenCommand } from './harden';
import { lintCommand } from './lint';
import { guardPipes, writeErr, writeOut } from './output';
import { rulesCommand } from './rules';
import { schemaCommand } from './schema';
import { VERSION } from './version';
import * as l10n from '@vscode/l10n';

/**
 * `kubesmith`: the command-line face of the Kubesmith core (dist/cli.js). Every check, fix and
 * schema comes from server/src/core, exactly as in the editor; this file only dispatches.
 */

function bundledVersions(): string {
  try {
    const index = JSON.parse(readFileSync(join(findSchemasDirectory(__dirname), 'index.json'), 'utf8')) as { kubernetesVersions: string[] };
    const versions = index.kubernetesVersions;
    return `${versions[0]}–${versions[versions.length - 1]}`;
  } catch {
    return l10n.t('several versions');
  }
}

const HELP = () => l10n.t('Usage: kubesmith <command> [options]\n\nKubernetes manifests checked offline: schema validation for Kubernetes {0} and popular\nCRDs, best-practice rules, and one-step hardening. The same engine as the Kubesmith VS Code\nextension, for CI and the terminal.\n\nCommands:\n  lint [PATH|GLOB|-]...   Check manifests (folders recursively; `-` for standard input; --fix\n                          applies the safe quick fixes)\n  harden FILE...          Apply the mechanical hardening fixes (--diff, --write)\n  rules                   List the best-practice rules\n  schema KIND[.PATH]      Show the fields of a kind, like kubectl explain --recursive\n\nOptions:\n  -h, --help      Show help (also: kubesmith <command> --help)\n      --version   Show the version\n      --lang LANG Language of the messages: en or zh-CN (default: from LC_ALL, LC_MESSAGES, LANG)\n\nExit codes: 0 success / no finding at or above --fail-on; 1 findings; 2 usage, I/O or config error.\nConfiguration: the nearest .kubesmith.yaml (or .kubesmith.yml), as in the editor.\n', bundledVersions());

const COMMANDS = ['lint', 'harden', 'rules', 'schema', 'help'];

async function run(argv: string[]): Promise<number> {
  const distDirectory = __dirname;
  const cwd = process.cwd();
  const [command, ...rest] = argv;
  if (command === undefined) {
    writeErr(HELP());
    return EXIT_ERROR;
  }
  if (command === '--help' || command === '-h') {
    writeOut(HELP());
    return EXIT_OK;
  }
  if (command === '--version' || command === '-V') {
    writeOut(`${VERSION}\n`);
    return EXIT_OK;
  }
  const schemasDirectory = () => findSchemasDirectory(distDirectory);
  switch (command) {
    case 'lint':
      return lintCommand(rest, { cwd, schemasDirectory: schemasDirectory(), distDirectory });
    case 'harden':
      return hardenCommand(rest, { cwd, schemasDirectory: schemasDirectory() });
    case 'rules':
      return rulesCommand(rest);
    case 'schema':
      return schemaCommand(rest, { cwd, schemasDirectory: schemasDirectory() });
    case 'help': {
      const topic = rest[0];
      if (topic === undefined) {
        writeOut(HELP());
        return EXIT_OK;
      }
      if (!COMMANDS.includes(topic) || topic === 'help') throw new UsageError(l10n.t('No help for `{0}`: the commands are lint, harden, rules and schema.', topic));
      return run([topic, '--help']);
    }
    default: {
      if (command.startsWith('-')) throw new UsageError(l10n.t('Unknown option `{0}`; a command comes first (lint, harden, rules, schema).', command));
      const near = closestMatch(command, COMMANDS);
      throw new UsageError(near
        ? l10n.t('Unknown command `{0}`; did you mean `{1}`?', command, near)
        : l10n.t('Unknown command `{0}`; the commands are lint, harden, rules and schema.', command));
    }
  }
}

/**
 * Takes the global `--lang LOCALE` (or `--lang=LOCALE`) out of the arguments, wherever it stands
 * before a `--`: the language of help, messages and reports; else the environment's
 * (`LC_ALL`, `LC_MESSAGES`, `LANG`).
 */
export function takeLanguage(argv: string[]): { lang: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let lang: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--lang') {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('-')) throw new UsageError(l10n.t('`--lang` needs a language, e.g. `--lang zh-CN` or `--lang en`.'));
      lang = argv[++i];
    } else if (arg.startsWith('--lang=')) {
      lang = arg.slice('--lang='.length);
    } else {
      rest.push(arg);
    }
  }
  return { lang, rest };
}

export async function main(argv: string[]): Promise<number> {
  guardPipes();
  try {
    const { lang, rest } = takeLanguage(argv);
    useLocale(lang ?? environmentLocale(), () => findSchemasDirectory(__dirname));
    return await run(rest);
  } catch (error) {
    if (error instanceof CliError) {
      writeErr(`kubesmith: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
    } else {
      const detail = error instanceof Error ? (process.env.KUBESMITH_DEBUG ? error.stack ?? error.message : error.message) : String(error);
      writeErr(l10n.t('kubesmith: internal error: {0}\nPlease report it at https://github.com/kubesmith/kubesmith/issues (set KUBESMITH_DEBUG=1 for details).\n', detail));
    }
    return EXIT_ERROR;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

