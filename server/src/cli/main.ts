import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSchemasDirectory } from '../node/bundleReader';
import { closestMatch } from '../core/validation/text';
import { CliError, EXIT_ERROR, EXIT_OK, UsageError } from './errors';
import { hardenCommand } from './harden';
import { lintCommand } from './lint';
import { guardPipes, writeErr, writeOut } from './output';
import { rulesCommand } from './rules';
import { schemaCommand } from './schema';
import { VERSION } from './version';

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
    return 'several versions';
  }
}

const HELP = () => `Usage: kubesmith <command> [options]

Kubernetes manifests checked offline: schema validation for Kubernetes ${bundledVersions()} and popular
CRDs, best-practice rules, and one-step hardening. The same engine as the Kubesmith VS Code
extension, for CI and the terminal.

Commands:
  lint [PATH|GLOB|-]...   Check manifests (folders recursively; \`-\` for standard input; --fix
                          applies the safe quick fixes)
  harden FILE...          Apply the mechanical hardening fixes (--diff, --write)
  rules                   List the best-practice rules
  schema KIND[.PATH]      Show the fields of a kind, like kubectl explain --recursive

Options:
  -h, --help      Show help (also: kubesmith <command> --help)
      --version   Show the version

Exit codes: 0 success / no finding at or above --fail-on; 1 findings; 2 usage, I/O or config error.
Configuration: the nearest .kubesmith.yaml (or .kubesmith.yml), as in the editor.
`;

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
      if (!COMMANDS.includes(topic) || topic === 'help') throw new UsageError(`No help for \`${topic}\`: the commands are lint, harden, rules and schema.`);
      return run([topic, '--help']);
    }
    default: {
      if (command.startsWith('-')) throw new UsageError(`Unknown option \`${command}\`; a command comes first (lint, harden, rules, schema).`);
      const near = closestMatch(command, COMMANDS);
      throw new UsageError(`Unknown command \`${command}\`${near ? `; did you mean \`${near}\`?` : '; the commands are lint, harden, rules and schema.'}`);
    }
  }
}

export async function main(argv: string[]): Promise<number> {
  guardPipes();
  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof CliError) {
      writeErr(`kubesmith: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
    } else {
      const detail = error instanceof Error ? (process.env.KUBESMITH_DEBUG ? error.stack ?? error.message : error.message) : String(error);
      writeErr(`kubesmith: internal error: ${detail}\nPlease report it at https://github.com/kubesmith/kubesmith/issues (set KUBESMITH_DEBUG=1 for details).\n`);
    }
    return EXIT_ERROR;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

