import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { POD_SECURITY_LEVELS, PROFILES } from '../../../protocol/settings';
import { hardenFile, summarizeHarden } from '../core/harden';
import { SchemaStore } from '../core/schema/store';
import { KubesmithService } from '../core/service';
import { FileBundleReader } from '../node/bundleReader';
import { TextEncoding, readTextFile, writeTextFile } from '../node/textFile';
import { OptionSpec, flag, formatOptions, parseArgs, stringOption } from './args';
import { CliError, EXIT_OK, UsageError } from './errors';
import { STDIN_DISPLAY, STDIN_URI, readStdin } from './files';
import { unifiedDiff } from './diff';
import { Colors, colors, useColor, writeErr, writeOut } from './output';
import { SettingsResolver, describeIoError, displayPath, overridesFrom } from './settings';
import { SEVERITY_NAMES } from './formats/model';
import { Severity } from './analyze';
import * as l10n from '@vscode/l10n';
import { configurationProblems } from './errors';
import { phrase } from '../core/l10n';

/**
 * `kubesmith harden`: the editor's Harden Manifest on files. Prints the hardened file, a unified
 * diff, or writes the file in place; what changed and what is left to do go to stderr.
 */

export const HARDEN_OPTIONS: OptionSpec[] = [
  { name: 'write', short: 'w', type: 'boolean', description: phrase('Rewrite the files in place') },
  { name: 'diff', short: 'd', type: 'boolean', description: phrase('Print a unified diff instead of the hardened file') },
  { name: 'kubernetes-version', type: 'string', placeholder: 'VERSION', description: phrase('Kubernetes minor the manifests target'), defaultText: phrase('the config\'s, else the newest bundled') },
  { name: 'profile', type: 'string', values: PROFILES, description: phrase('Profile for the remaining findings'), defaultText: phrase('the config\'s, else restricted') },
  { name: 'pod-security', type: 'string', values: POD_SECURITY_LEVELS, description: phrase('Pod Security level your namespaces enforce, for the remaining findings'), defaultText: phrase('the config\'s, else none') },
  { name: 'config', type: 'string', placeholder: 'FILE', description: phrase('Use this config file'), defaultText: phrase('the nearest .kubesmith.yaml above each file') },
  { name: 'no-color', type: 'boolean', description: phrase('No colours') },
  { name: 'help', short: 'h', type: 'boolean', description: phrase('Show this help') },
];

export function hardenHelp(): string {
  return l10n.t('Usage: kubesmith harden [options] FILE...\n\nApplies every mechanical hardening fix to the workloads of each file (the editor\'s "Kubesmith:\nHarden Manifest"): restricted security context, service account token, resource requests and\nlimits, probes where a TCP check of a declared port is right. Comments and everything else stay\nas written; running it twice changes nothing the second time. The `harden` section of\n.kubesmith.yaml sets the values it writes.\n\nWithout --write or --diff, the hardened file is printed (one FILE, or `-` for standard input).\nA summary of the changes and the findings left to settle by hand go to stderr.\n\nOptions:\n{0}\n\nExamples:\n  kubesmith harden deploy.yaml --diff\n  kubesmith harden k8s/*.yaml --write\n  kubesmith harden deploy.yaml > hardened.yaml\n', formatOptions(HARDEN_OPTIONS));
}

export interface HardenContext {
  cwd: string;
  schemasDirectory: string;
}

interface Input {
  display: string;
  path?: string;
  uri: string;
  text: string;
  /** How the file is encoded (it is written back the same way). */
  encoding: TextEncoding;
  settings: number;
}

export async function hardenCommand(argv: readonly string[], ctx: HardenContext): Promise<number> {
  const args = parseArgs(argv, HARDEN_OPTIONS, 'harden');
  if (flag(args, 'help')) {
    writeOut(hardenHelp());
    return EXIT_OK;
  }
  const write = flag(args, 'write');
  const diff = flag(args, 'diff');
  if (write && diff) throw new UsageError(l10n.t('Use either --write or --diff, not both.'), 'harden');
  if (args.positionals.length === 0) throw new UsageError(l10n.t('Name the files to harden.'), 'harden');
  if (!write && !diff && args.positionals.length > 1) {
    throw new UsageError(l10n.t('Without --write or --diff, harden prints one file; add --diff or --write to harden several.'), 'harden');
  }
  if (write && args.positionals.includes('-')) throw new UsageError(l10n.t('Standard input cannot be rewritten in place; drop --write.'), 'harden');

  const store = new SchemaStore(new FileBundleReader(ctx.schemasDirectory));
  const resolver = new SettingsResolver(store, ctx.cwd, overridesFrom({
    kubernetesVersion: stringOption(args, 'kubernetes-version'), profile: stringOption(args, 'profile'), podSecurity: stringOption(args, 'pod-security'),
  }, store, 'harden'), stringOption(args, 'config'));

  const inputs: Input[] = [];
  const seen = new Set<string>();
  for (const arg of args.positionals) {
    if (arg === '-') {
      if (seen.has(STDIN_URI)) throw new UsageError(l10n.t('Standard input (`-`) can be named only once.'), 'harden');
      seen.add(STDIN_URI);
      inputs.push({ display: STDIN_DISPLAY, uri: STDIN_URI, text: '', encoding: 'utf8', settings: resolver.forDirectory(ctx.cwd).index });
      continue;
    }
    const path = resolve(ctx.cwd, arg);
    if (seen.has(path)) continue;
    seen.add(path);
    let text: string;
    let encoding: TextEncoding;
    try {
      if ((await stat(path)).isDirectory()) throw new CliError(l10n.t('{0} is a folder; harden takes files (try `kubesmith harden {1}/*.yaml --diff`).', arg, arg.replace(/\/$/, '')));
      ({ text, encoding } = await readTextFile(path));
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(l10n.t('Cannot read {0}: {1}', arg, describeIoError(error)));
    }
    inputs.push({ display: displayPath(ctx.cwd, path), path, uri: URI.file(path).toString(), text, encoding, settings: resolver.forDirectory(dirname(path)).index });
  }
  const problems = resolver.problems();
  if (problems.length > 0) {
    throw new CliError(configurationProblems(problems));
  }
  for (const line of resolver.warnings) writeErr(`kubesmith: ${line}\n`);
  for (const input of inputs) if (input.uri === STDIN_URI) input.text = await readStdin();

  // (Each file is seen once: nothing to keep in caches, which only cost memory and collection time.)
  const service = new KubesmithService(store, { cacheSize: 0, parsedCacheSize: 0 });
  const settings = resolver.all();
  const c = colors(useColor(process.stderr, flag(args, 'no-color')));
  const diffs: string[] = [];
  for (const input of inputs) {
    const fileSettings = settings[input.settings];
    // (Harden reads the documents and their resources; what is left is checked after it.)
    const before = service.analyze(input.uri, input.text, fileSettings, 'structure');
    if (before.skipped === 'helm-template') {
      writeErr(l10n.t('{0}: a Helm template; not hardened.\n', c.bold(input.display)));
      if (!write && !diff) writeOut(input.text);
      continue;
    }
    const result = hardenFile(service, input.uri, input.text, fileSettings, undefined, before);
    const changes = result.changes.reduce((sum, change) => sum + change.count, 0);
    if (diff) {
      const name = input.path ? input.display : 'stdin';
      diffs.push(unifiedDiff(input.text, result.text, `a/${name}`, `b/${name}`));
    } else if (write) {
      if (result.text !== input.text) {
        try {
          await writeTextFile(input.path!, result.text, input.encoding);
        } catch (error) {
          throw new CliError(l10n.t('Cannot write {0}: {1}', input.display, describeIoError(error)));
        }
      }
    } else {
      writeOut(result.text);
    }
    writeErr(report(input.display, changes, summarizeHarden(result), result.remaining.map((d) => ({
      line: d.range.start.line + 1, column: d.range.start.character + 1, severity: (d.severity ?? 2) as Severity, code: d.code, message: d.message,
    })), write, c));
  }
  if (diff) writeOut(diffs.join(''));
  return EXIT_OK;
}

function report(display: string, changes: number, summary: string[], remaining: { line: number; column: number; severity: Severity; code: string; message: string }[], written: boolean, c: Colors): string {
  const lines: string[] = [];
  if (changes === 0) lines.push(l10n.t('{0}: nothing to harden', c.bold(display)));
  else lines.push(`${c.bold(display)}: ${changes} ${changes === 1 ? 'change' : 'changes'}${written ? ' written' : ''}`);
  for (const line of summary) lines.push(`  ${c.green('✓')} ${line}`);
  if (remaining.length > 0) {
    lines.push(l10n.t('  Left to do by hand ({0}):', remaining.length));
    for (const finding of remaining) {
      const name = SEVERITY_NAMES[finding.severity];
      const severity = name.padEnd(7);
      const painted = name === 'error' ? c.red(severity) : name === 'warning' ? c.yellow(severity) : c.blue(severity);
      lines.push(`    ${display}:${finding.line}:${finding.column}  ${painted}  ${c.gray(finding.code)}  ${finding.message.replace(/\s*\n\s*/g, ' ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
