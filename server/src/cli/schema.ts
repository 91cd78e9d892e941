import { KindSchema, RefResolver, SchemaStore, deref } from '../core/schema/store';
import { QUANTITY_FORMAT, Schema, apiVersionOf, splitApiVersion } from '../core/schema/types';
import { closestMatch } from '../core/validation/text';
import { FileBundleReader } from '../node/bundleReader';
import { OptionSpec, ParsedArgs, flag, formatOptions, parseArgs, stringOption } from './args';
import { bundledRuleReports, formatCelReport } from './celReport';
import { CliError, EXIT_OK, UsageError } from './errors';
import { Colors, colors, useColor, writeOut } from './output';
import { SettingsResolver, parseKubernetesVersion } from './settings';
import * as l10n from '@vscode/l10n';
import { phrase } from '../core/l10n';

/**
 * `kubesmith schema KIND[.field.path]`: the field tree of a kind, offline, like
 * `kubectl explain --recursive` with types, `(required)`, enums and the first line of each
 * description. Built-in kinds of the targeted Kubernetes version and the bundled CRDs (Istio,
 * cert-manager, Argo...).
 */

export const SCHEMA_OPTIONS: OptionSpec[] = [
  { name: 'api-version', type: 'string', placeholder: 'GROUP/VERSION', description: phrase('Pick the apiVersion when several serve the kind (e.g. autoscaling/v1)') },
  { name: 'kubernetes-version', type: 'string', placeholder: 'VERSION', description: phrase('Kubernetes minor'), defaultText: phrase('the config\'s, else the newest bundled') },
  { name: 'depth', type: 'string', placeholder: 'N', description: phrase('Show N levels of fields'), defaultText: 'all' },
  { name: 'cel-report', type: 'boolean', description: phrase('List the CEL rules of the bundled CRDs (of KIND, if given): compiled or skipped, and why') },
  { name: 'no-color', type: 'boolean', description: phrase('No colours') },
  { name: 'help', short: 'h', type: 'boolean', description: phrase('Show this help') },
];

export function schemaHelp(): string {
  return l10n.t('Usage: kubesmith schema KIND[.FIELD...] [options]\n\nPrints the fields of a kind, recursively: name, <type>, (required), allowed values, and the first\nline of the description. Follow a path into the kind with dots: Deployment.spec.template.\nKinds are matched case-insensitively; plurals and kubectl short names (deploy, svc, hpa...) work.\nBundled custom resources (VirtualService, Certificate, Rollout...) work too.\n\nOptions:\n{0}\n\nExamples:\n  kubesmith schema Deployment\n  kubesmith schema Deployment.spec.template.spec.containers --depth 1\n  kubesmith schema HorizontalPodAutoscaler --api-version autoscaling/v1\n  kubesmith schema VirtualService.spec.http\n  kubesmith schema --cel-report\n  kubesmith schema HTTPRoute --cel-report\n', formatOptions(SCHEMA_OPTIONS));
}

const SHORT_NAMES: Record<string, string> = {
  po: 'Pod', svc: 'Service', deploy: 'Deployment', ds: 'DaemonSet', sts: 'StatefulSet', rs: 'ReplicaSet', cm: 'ConfigMap',
  ns: 'Namespace', no: 'Node', pv: 'PersistentVolume', pvc: 'PersistentVolumeClaim', sa: 'ServiceAccount', ing: 'Ingress',
  hpa: 'HorizontalPodAutoscaler', cj: 'CronJob', netpol: 'NetworkPolicy', pdb: 'PodDisruptionBudget', crd: 'CustomResourceDefinition',
  ep: 'Endpoints', ev: 'Event', limits: 'LimitRange', quota: 'ResourceQuota', sc: 'StorageClass', rc: 'ReplicationController',
  csr: 'CertificateSigningRequest', pc: 'PriorityClass', vs: 'VirtualService', dr: 'DestinationRule', se: 'ServiceEntry',
};

interface Candidate {
  apiVersion: string;
  kind: string;
  origin: 'kubernetes' | 'crd';
}

function candidates(store: SchemaStore, minor: string): Candidate[] {
  const list: Candidate[] = [];
  const schemas = store.version(minor);
  for (const apiVersion of schemas.apiVersions()) for (const kind of schemas.kindsOf(apiVersion)) list.push({ apiVersion, kind, origin: 'kubernetes' });
  for (const [group, kinds] of Object.entries(store.index.crds)) {
    for (const [kind, versions] of Object.entries(kinds)) for (const version of versions) list.push({ apiVersion: apiVersionOf(group, version), kind, origin: 'crd' });
  }
  return list;
}

/** GA before beta before alpha, higher numbers first: Kubernetes' version priority. */
export function versionPriority(version: string): number {
  const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!match) return -1;
  const stage = match[2] === undefined ? 3 : match[2] === 'beta' ? 2 : 1;
  return stage * 1_000_000 + Number(match[1]) * 1000 + (match[3] ? Number(match[3]) : 0);
}

function preference(a: Candidate, b: Candidate): number {
  const originRank = (c: Candidate) => (c.origin === 'kubernetes' ? 0 : 1);
  const ga = splitApiVersion(a.apiVersion);
  const gb = splitApiVersion(b.apiVersion);
  return originRank(a) - originRank(b)
    || (ga.group === '' ? 0 : 1) - (gb.group === '' ? 0 : 1)
    || versionPriority(gb.version) - versionPriority(ga.version)
    || (ga.group < gb.group ? -1 : ga.group > gb.group ? 1 : 0);
}

function matchKind(all: Candidate[], wanted: string): Candidate[] {
  const exact = all.filter((c) => c.kind === wanted);
  if (exact.length) return exact;
  const lower = wanted.toLowerCase();
  const byLower = (name: string) => all.filter((c) => c.kind.toLowerCase() === name);
  const short = SHORT_NAMES[lower];
  for (const name of [lower, short?.toLowerCase(), lower.replace(/ies$/, 'y'), lower.replace(/es$/, ''), lower.replace(/s$/, '')]) {
    if (!name) continue;
    const found = byLower(name);
    if (found.length) return found;
  }
  return [];
}

interface Resolved {
  kindSchema: KindSchema;
  others: string[];
}

function resolveKindArgument(store: SchemaStore, minor: string, kindArg: string, apiVersion: string | undefined): Resolved {
  const all = candidates(store, minor);
  let found = matchKind(all, kindArg);
  if (found.length === 0) {
    const servedElsewhere = Object.entries(store.index.served).flatMap(([apiVersionName, kinds]) =>
      Object.entries(kinds).filter(([kind]) => kind.toLowerCase() === kindArg.toLowerCase()).map(([kind, minors]) => ({ apiVersion: apiVersionName, kind, minors })));
    if (servedElsewhere.length > 0) {
      const span = (minors: string[]) => (minors.length === 1 ? minors[0] : `${minors[0]}–${minors[minors.length - 1]}`);
      const where = servedElsewhere.map((entry) => `${entry.apiVersion} in ${span(entry.minors)}`).sort().join(', ');
      throw new CliError(l10n.t('Kubernetes {0} does not serve {1}; it is served as {2}. Pick a version with --kubernetes-version.', minor, servedElsewhere[0].kind, where));
    }
    const near = closestMatch(kindArg, new Set(all.map((c) => c.kind)));
    throw new CliError(near
      ? l10n.t('Unknown kind `{0}`; did you mean `{1}`? (Kubernetes {2} and the bundled CRDs; `kubesmith schema --help` for examples)', kindArg, near, minor)
      : l10n.t('Unknown kind `{0}`. (Kubernetes {1} and the bundled CRDs; `kubesmith schema --help` for examples)', kindArg, minor));
  }
  if (apiVersion !== undefined) {
    const matching = found.filter((c) => c.apiVersion === apiVersion || splitApiVersion(c.apiVersion).group === apiVersion);
    if (matching.length === 0) {
      throw new CliError(l10n.t('{0} is not served by `{1}` in Kubernetes {2}; it is served by {3}.', found[0].kind, apiVersion, minor, [...new Set(found.map((c) => c.apiVersion))].sort().join(', ')));
    }
    found = matching;
  }
  found = [...found].sort(preference);
  const chosen = found[0];
  const kindSchema = store.lookup(minor, chosen.apiVersion, chosen.kind);
  if (!kindSchema) throw new CliError(l10n.t('No schema for {0} {1}.', chosen.apiVersion, chosen.kind));
  const others = found.slice(1).filter((c) => c.kind === chosen.kind).map((c) => c.apiVersion);
  return { kindSchema, others: [...new Set(others)] };
}

/** `<[]Container>`, `<map[string]string>`, `<IntOrString>`, `<DeploymentSpec>`... */
export function typeName(local: Schema, resolve: RefResolver, depth = 0): string {
  const target = deref(local, resolve);
  const ref = local.$ref !== undefined && !local.$ref.startsWith('#') ? local.$ref.slice(local.$ref.lastIndexOf('.') + 1) : undefined;
  if (target['x-kubernetes-int-or-string']) return 'IntOrString';
  if (target.format === QUANTITY_FORMAT) return 'Quantity';
  const type = target.type;
  if (Array.isArray(type)) return type.join('|');
  if (type === 'array' || (type === undefined && target.items)) return `[]${target.items && depth < 8 ? typeName(target.items, resolve, depth + 1) : 'Object'}`;
  if (type !== undefined && type !== 'object') return type;
  if (target.properties && Object.keys(target.properties).length > 0) return ref ?? 'Object';
  if (typeof target.additionalProperties === 'object' && depth < 8) return `map[string]${typeName(target.additionalProperties, resolve, depth + 1)}`;
  return ref ?? 'Object';
}

/** The object schema whose fields are shown under a field: arrays step into their items. */
function fieldsHolder(local: Schema, resolve: RefResolver): Schema {
  let target = deref(local, resolve);
  for (let hops = 0; target.items && (target.type === 'array' || target.type === undefined) && hops < 8; hops++) target = deref(target.items, resolve);
  return target;
}

function firstLine(description: string | undefined): string {
  if (!description) return '';
  const line = description.split('\n')[0].trim();
  if (line.length <= 120) return line;
  const sentence = /^(.{20,}?[.!?])\s/.exec(line)?.[1];
  if (sentence && sentence.length <= 160) return sentence;
  const cut = line.slice(0, 120);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 80))}…`;
}

function formatEnum(values: unknown[] | undefined): string {
  if (!values || values.length === 0) return '';
  return ` (enum: ${values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(', ')})`;
}

function wrap(text: string, indent: string, width = 100): string {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width - indent.length) {
        out.push(indent + line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    out.push(line ? indent + line : '');
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

function fieldTree(holder: Schema, resolve: RefResolver, c: Colors, maxDepth: number): string[] {
  const lines: string[] = [];
  const ancestors = new Set<Schema>([holder]);
  const visit = (schema: Schema, depth: number) => {
    const properties = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    for (const name of Object.keys(properties).sort()) {
      const local = properties[name];
      const target = deref(local, resolve);
      const description = firstLine(local.description ?? target.description);
      const child = fieldsHolder(local, resolve);
      const hasChildren = child.properties !== undefined && Object.keys(child.properties).length > 0;
      const recursive = hasChildren && ancestors.has(child);
      lines.push(`${'  '.repeat(depth + 1)}${c.bold(name)} ${c.blue(`<${typeName(local, resolve)}>`)}${required.has(name) ? c.red(' (required)') : ''}`
        + `${formatEnum(target.enum)}${recursive ? c.dim(l10n.t(' (recursive, see above)')) : ''}${description ? `  ${c.dim(description)}` : ''}`);
      if (hasChildren && !recursive && depth + 1 < maxDepth) {
        ancestors.add(child);
        visit(child, depth + 1);
        ancestors.delete(child);
      }
    }
  };
  visit(holder, 0);
  return lines;
}

export interface SchemaContext {
  cwd: string;
  schemasDirectory: string;
}

/** `--cel-report`: the compile report of the bundled CRDs' CEL rules (of one kind, when named). */
function celReportCommand(args: ParsedArgs, ctx: SchemaContext): number {
  if (args.positionals.length > 1) throw new UsageError(l10n.t('Name at most one kind with `--cel-report`.'), 'schema');
  const store = new SchemaStore(new FileBundleReader(ctx.schemasDirectory));
  const kind = args.positionals[0]?.split('.')[0];
  const reports = bundledRuleReports(store, kind);
  if (kind !== undefined && reports.length === 0) {
    const kinds = new Set(Object.values(store.index.crds).flatMap((kinds) => Object.keys(kinds)));
    const near = closestMatch(kind, kinds);
    throw new CliError(near ? l10n.t('`{0}` is not a bundled custom resource kind; did you mean `{1}`?', kind, near) : l10n.t('`{0}` is not a bundled custom resource kind.', kind));
  }
  writeOut(formatCelReport(reports, colors(useColor(process.stdout, flag(args, 'no-color')))));
  return EXIT_OK;
}

export function schemaCommand(argv: readonly string[], ctx: SchemaContext): number {
  const args = parseArgs(argv, SCHEMA_OPTIONS, 'schema');
  if (flag(args, 'help')) {
    writeOut(schemaHelp());
    return EXIT_OK;
  }
  if (flag(args, 'cel-report')) return celReportCommand(args, ctx);
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? l10n.t('Name a kind, e.g. `kubesmith schema Deployment`.') : l10n.t('Name one kind (with an optional .field.path).'), 'schema');
  const depthOption = stringOption(args, 'depth');
  if (depthOption !== undefined && !/^[1-9]\d*$/.test(depthOption)) throw new UsageError(l10n.t('Invalid value `{0}` for `--depth`: expected a positive whole number.', depthOption), 'schema');
  const maxDepth = depthOption === undefined ? Infinity : Number(depthOption);

  const store = new SchemaStore(new FileBundleReader(ctx.schemasDirectory));
  store.loadDescriptions();
  const versionOption = stringOption(args, 'kubernetes-version');
  let minor: string;
  if (versionOption !== undefined) {
    minor = parseKubernetesVersion(versionOption, store, 'schema');
  } else {
    const resolver = new SettingsResolver(store, ctx.cwd, {});
    const entry = resolver.forDirectory(ctx.cwd);
    const problems = resolver.problems();
    if (problems.length > 0) throw new CliError(l10n.t('The configuration has problems:\n{0}', problems.map((line) => `  ${line}`).join('\n')));
    minor = store.version(entry.settings.kubernetesVersion).minor;
  }

  const [kindArg, ...path] = args.positionals[0].split('.');
  if (!kindArg || path.some((segment) => segment === '')) throw new UsageError(l10n.t('`{0}` is not a kind or a field path (e.g. Deployment.spec.template).', args.positionals[0]), 'schema');
  const { kindSchema, others } = resolveKindArgument(store, minor, kindArg, stringOption(args, 'api-version'));
  const resolve = store.version(minor).resolve;

  // Walk the field path.
  let local: Schema = kindSchema.schema;
  let required = false;
  const walked: string[] = [];
  for (const segment of path) {
    const holder = fieldsHolder(local, resolve);
    const next = holder.properties?.[segment];
    if (!next) {
      const fields = Object.keys(holder.properties ?? {});
      const where = walked.length ? `${kindSchema.kind}.${walked.join('.')}` : kindSchema.kind;
      if (fields.length === 0) throw new CliError(l10n.t('`{0}` has no fields to look into (it is <{1}>).', where, typeName(local, resolve)));
      const near = closestMatch(segment, fields);
      throw new CliError(near
        ? l10n.t('`{0}` has no field `{1}`; did you mean `{2}`?', where, segment, near)
        : l10n.t('`{0}` has no field `{1}`; its fields: {2}.', where, segment, fields.sort().join(', ')));
    }
    required = (holder.required ?? []).includes(segment);
    local = next;
    walked.push(segment);
  }

  const c = colors(useColor(process.stdout, flag(args, 'no-color')));
  const target = deref(local, resolve);
  const out: string[] = [];
  const { group, version } = splitApiVersion(kindSchema.apiVersion);
  out.push(`${c.bold('KIND:')}       ${kindSchema.kind}`);
  out.push(`${c.bold('GROUP:')}      ${group || '(core)'}`);
  out.push(`${c.bold('VERSION:')}    ${version}`);
  out.push(`${c.bold('KUBERNETES:')} ${minor}${kindSchema.origin === 'crd' ? l10n.t(' (custom resource; schema from the bundled {0} CRDs)', group) : ''}`);
  if (others.length) out.push(c.dim(l10n.t('Also served as {0}; pick one with --api-version.', others.join(', '))));
  out.push('');
  if (walked.length) {
    out.push(`${c.bold('FIELD:')}      ${walked.join('.')} ${c.blue(`<${typeName(local, resolve)}>`)}${required ? c.red(' (required)') : ''}${formatEnum(target.enum)}`);
    out.push('');
  }
  const description = local.description ?? target.description;
  if (description) {
    out.push(c.bold('DESCRIPTION:'));
    out.push(wrap(description, '    '));
    out.push('');
  }
  const holder = fieldsHolder(local, resolve);
  if (holder.properties && Object.keys(holder.properties).length > 0) {
    out.push(c.bold('FIELDS:'));
    out.push(...fieldTree(holder, resolve, c, maxDepth));
  } else if (target['x-kubernetes-preserve-unknown-fields']) {
    out.push(c.dim(l10n.t('Any fields are accepted here (x-kubernetes-preserve-unknown-fields).')));
  }
  writeOut(`${out.join('\n').replace(/\n+$/, '')}\n`);
  return EXIT_OK;
}
