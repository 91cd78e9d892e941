/**
 * Builds the schema bundle committed under `schemas/` from the source data in `../shared/data`
 * (see its SOURCES.md). Run with `npm run schemas`; `--data DIR` and `--out DIR` override the
 * paths. The output depends only on the inputs: same inputs, byte-identical files.
 *
 * Layout of the bundle:
 *   index.json                         versions, which apiVersion/kind each minor serves, CRD groups
 *   api-lifecycle.json                 removed and deprecated APIs (scripts/data/api-lifecycle.json)
 *   kubernetes/<minor>.json            per minor: apiVersion/kind → definition, definition → variant
 *   kubernetes/definitions/<prefix>.json  every distinct variant of each definition, shared by all minors
 *   kubernetes/descriptions/<prefix>.json their documentation, apart (checking never reads it)
 *   crds/<group>.json                  custom-resource schemas of a group, repeated subtrees stored once
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { descriptionFile, descriptionPart, extractDescriptions } from '../server/src/core/schema/descriptions';
import { normalizeCrdSchema, normalizeKubernetesDefinition } from '../server/src/core/schema/normalize';
import {
  ApiLifecycle, BundleIndex, CrdGroupBundle, DefinitionShard, DescriptionShard, Schema, VersionIndex, apiVersionOf, definitionShard,
} from '../server/src/core/schema/types';

const KUBERNETES_MINORS = ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'];

/** CRD file names are lower-case; the kinds they hold, as written in manifests. */
const CRD_KINDS: Record<string, string> = {
  alertmanager: 'Alertmanager', alertmanagerconfig: 'AlertmanagerConfig', alertprovider: 'AlertProvider',
  analysistemplate: 'AnalysisTemplate', application: 'Application', applicationset: 'ApplicationSet',
  appproject: 'AppProject', authorizationpolicy: 'AuthorizationPolicy', backendlbpolicy: 'BackendLBPolicy',
  backendtlspolicy: 'BackendTLSPolicy', backup: 'Backup', backuprepository: 'BackupRepository',
  backupstoragelocation: 'BackupStorageLocation', canary: 'Canary', certificate: 'Certificate',
  certificaterequest: 'CertificateRequest', cloudeventsource: 'CloudEventSource',
  clusterexternalsecret: 'ClusterExternalSecret', clusterissuer: 'ClusterIssuer', clusterpushsecret: 'ClusterPushSecret',
  clustersecretstore: 'ClusterSecretStore', clustertriggerauthentication: 'ClusterTriggerAuthentication',
  datadownload: 'DataDownload', dataupload: 'DataUpload', deletebackuprequest: 'DeleteBackupRequest',
  destinationrule: 'DestinationRule', downloadrequest: 'DownloadRequest', envoyfilter: 'EnvoyFilter',
  externalsecret: 'ExternalSecret', gateway: 'Gateway', gatewayclass: 'GatewayClass', grpcroute: 'GRPCRoute',
  httproute: 'HTTPRoute', issuer: 'Issuer', listenerset: 'ListenerSet', metrictemplate: 'MetricTemplate',
  peerauthentication: 'PeerAuthentication', podmonitor: 'PodMonitor', podvolumebackup: 'PodVolumeBackup',
  podvolumerestore: 'PodVolumeRestore', probe: 'Probe', prometheus: 'Prometheus', prometheusagent: 'PrometheusAgent',
  prometheusrule: 'PrometheusRule', proxyconfig: 'ProxyConfig', pushsecret: 'PushSecret',
  referencegrant: 'ReferenceGrant', requestauthentication: 'RequestAuthentication', restore: 'Restore',
  rollout: 'Rollout', scaledjob: 'ScaledJob', scaledobject: 'ScaledObject', schedule: 'Schedule',
  scrapeconfig: 'ScrapeConfig', secretstore: 'SecretStore', serverstatusrequest: 'ServerStatusRequest',
  serviceentry: 'ServiceEntry', servicemonitor: 'ServiceMonitor', sidecar: 'Sidecar', tcproute: 'TCPRoute',
  telemetry: 'Telemetry', thanosruler: 'ThanosRuler', tlsroute: 'TLSRoute', triggerauthentication: 'TriggerAuthentication',
  udproute: 'UDPRoute', verticalpodautoscaler: 'VerticalPodAutoscaler',
  verticalpodautoscalercheckpoint: 'VerticalPodAutoscalerCheckpoint', virtualservice: 'VirtualService',
  volumesnapshotlocation: 'VolumeSnapshotLocation', workloadentry: 'WorkloadEntry', workloadgroup: 'WorkloadGroup',
};

/** Subtrees of a CRD group that occur at least twice and are at least this long are stored once. */
const SHARE_MIN_LENGTH = 200;

interface EnumOverlayEntry { values: string[]; items?: boolean; since?: Record<string, string> }
type EnumOverlay = Record<string, Record<string, EnumOverlayEntry>>;

function parseArgs(argv: string[]): { data: string; out: string } {
  const repo = resolve(__dirname, '..');
  let data = join(repo, '..', 'shared', 'data');
  let out = join(repo, 'schemas');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data') data = resolve(argv[++i]);
    else if (argv[i] === '--out') out = resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return { data, out };
}

/** JSON with sorted keys and no whitespace: the canonical text used for identity and output. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object).sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

function minorAtLeast(version: string, since: string): boolean {
  const [a, b] = version.split('.').map(Number);
  const [c, d] = since.split('.').map(Number);
  return a > c || (a === c && b >= d);
}

function applyEnumOverlay(name: string, schema: Schema, overlay: EnumOverlay, minor: string): void {
  const fields = overlay[name];
  if (!fields || !schema.properties) return;
  for (const [field, entry] of Object.entries(fields)) {
    const property = schema.properties[field];
    if (!property) continue;
    const values = entry.values.filter((value) => !entry.since?.[value] || minorAtLeast(minor, entry.since[value]));
    if (entry.items) {
      if (property.items) property.items = { ...property.items, enum: values };
    } else {
      property.enum = values;
    }
  }
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${canonical(value)}\n`);
}

interface KubernetesResult {
  served: BundleIndex['served'];
  descriptionParts: BundleIndex['descriptionParts'];
}

/**
 * About how large a description file may be: a large shard's documentation (core/v1's is ~700 KB)
 * is spread over several files by a hash of the definition's name (descriptionPart), so that
 * hover or completion on a field reads only the file of its definition.
 */
const DESCRIPTION_PART_BYTES = 32 * 1024;

function descriptionParts(descriptions: DescriptionShard): DescriptionShard[] {
  const names = Object.keys(descriptions).sort();
  const total = names.reduce((sum, name) => sum + Buffer.byteLength(canonical(descriptions[name])), 0);
  const parts: DescriptionShard[] = Array.from({ length: Math.max(1, Math.ceil(total / DESCRIPTION_PART_BYTES)) }, () => ({}));
  for (const name of names) parts[descriptionPart(name, parts.length)][name] = descriptions[name];
  return parts;
}

function generateKubernetes(dataDir: string, outDir: string, overlay: EnumOverlay): KubernetesResult {
  const variants = new Map<string, { texts: string[]; schemas: Schema[] }>();
  const served: BundleIndex['served'] = {};
  const kubernetesOut = join(outDir, 'kubernetes');
  mkdirSync(join(kubernetesOut, 'definitions'), { recursive: true });
  mkdirSync(join(kubernetesOut, 'descriptions'), { recursive: true });

  for (const minor of KUBERNETES_MINORS) {
    const file = join(dataDir, 'kubernetes', `swagger-v${minor}.json.gz`);
    const definitions = (JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { definitions: Record<string, Record<string, unknown>> }).definitions;
    const index: VersionIndex = { kinds: {}, definitions: {} };
    for (const name of Object.keys(definitions).sort()) {
      const source = definitions[name];
      const schema = normalizeKubernetesDefinition(name, source);
      applyEnumOverlay(name, schema, overlay, minor);
      const text = canonical(schema);
      let entry = variants.get(name);
      if (!entry) variants.set(name, (entry = { texts: [], schemas: [] }));
      let variant = entry.texts.indexOf(text);
      if (variant < 0) {
        variant = entry.texts.length;
        entry.texts.push(text);
        entry.schemas.push(schema);
      }
      index.definitions[name] = variant;

      // io.k8s.apimachinery definitions list every group-version (DeleteOptions, WatchEvent): not kinds.
      const gvks = source['x-kubernetes-group-version-kind'];
      if (name.startsWith('io.k8s.apimachinery.') || !Array.isArray(gvks)) continue;
      for (const gvk of gvks as { group: string; version: string; kind: string }[]) {
        const apiVersion = apiVersionOf(gvk.group, gvk.version);
        (index.kinds[apiVersion] ??= {})[gvk.kind] = name;
        ((served[apiVersion] ??= {})[gvk.kind] ??= []).push(minor);
      }
    }
    writeJson(join(kubernetesOut, `${minor}.json`), index);
  }

  const shards = new Map<string, DefinitionShard>();
  const partCounts: BundleIndex['descriptionParts'] = {};
  for (const [name, entry] of variants) {
    const shard = definitionShard(name);
    let content = shards.get(shard);
    if (!content) shards.set(shard, (content = {}));
    content[name] = entry.schemas;
  }
  for (const [shard, content] of shards) {
    const descriptions: DescriptionShard = {};
    for (const [name, list] of Object.entries(content)) descriptions[name] = list.map((schema) => extractDescriptions(schema));
    writeJson(join(kubernetesOut, 'definitions', `${shard}.json`), content);
    const parts = descriptionParts(descriptions);
    if (parts.length > 1) partCounts[shard] = parts.length;
    parts.forEach((part, i) => writeJson(join(kubernetesOut, 'descriptions', descriptionFile(shard, i, parts.length)), part));
  }
  return { served, descriptionParts: partCounts };
}

/**
 * Replaces every subtree that occurs more than once in the group (across its kinds and versions)
 * by `{"$ref": "#<hash>"}` and stores it once in `shared`.
 */
function shareSubtrees(roots: Schema[]): { roots: Schema[]; shared: Record<string, Schema> } {
  const counts = new Map<string, number>();
  const textOf = new Map<object, string>();
  const measure = (node: unknown): string => {
    if (node === null || typeof node !== 'object') return JSON.stringify(node);
    let text: string;
    if (Array.isArray(node)) {
      text = `[${node.map(measure).join(',')}]`;
    } else {
      const record = node as Record<string, unknown>;
      text = `{${Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${measure(record[key])}`).join(',')}}`;
      if (text.length >= SHARE_MIN_LENGTH) counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    textOf.set(node, text);
    return text;
  };
  roots.forEach(measure);

  const shared: Record<string, Schema> = {};
  const hashOf = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 12);
  // Only schema positions are candidates: a `default` or `enum` value is data, kept as written.
  const rewrite = (node: Schema, isRoot: boolean): Schema => {
    const rebuilt: Record<string, unknown> = {};
    for (const key of Object.keys(node).sort()) {
      const value = (node as Record<string, unknown>)[key];
      if (key === 'properties') {
        const props: Record<string, Schema> = {};
        for (const prop of Object.keys(value as object).sort()) props[prop] = rewrite((value as Record<string, Schema>)[prop], false);
        rebuilt[key] = props;
      } else if (key === 'items' || key === 'not' || (key === 'additionalProperties' && typeof value === 'object')) {
        rebuilt[key] = rewrite(value as Schema, false);
      } else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') {
        rebuilt[key] = (value as Schema[]).map((item) => rewrite(item, false));
      } else {
        rebuilt[key] = value;
      }
    }
    const text = textOf.get(node)!;
    if (!isRoot && (counts.get(text) ?? 0) > 1) {
      const hash = hashOf(text);
      shared[hash] ??= rebuilt as Schema;
      return { $ref: `#${hash}` };
    }
    return rebuilt as Schema;
  };
  return { roots: roots.map((root) => rewrite(root, true)), shared };
}

function generateCrds(dataDir: string, outDir: string): BundleIndex['crds'] {
  const crdsIn = join(dataDir, 'crds');
  const crdsOut = join(outDir, 'crds');
  mkdirSync(crdsOut, { recursive: true });
  const index: BundleIndex['crds'] = {};
  for (const group of readdirSync(crdsIn).sort()) {
    if (!group.includes('.')) continue; // LICENSE
    const entries: { kind: string; version: string; schema: Schema }[] = [];
    for (const file of readdirSync(join(crdsIn, group)).sort()) {
      const match = /^([a-z0-9]+)_([a-z0-9]+)\.json$/.exec(file);
      if (!match) continue;
      const kind = CRD_KINDS[match[1]];
      if (!kind) throw new Error(`no kind name known for ${group}/${file}; add it to CRD_KINDS`);
      entries.push({ kind, version: match[2], schema: normalizeCrdSchema(readJson(join(crdsIn, group, file))) });
    }
    const { roots, shared } = shareSubtrees(entries.map((entry) => entry.schema));
    const bundle: CrdGroupBundle = { group, kinds: {}, shared };
    entries.forEach((entry, i) => {
      (bundle.kinds[entry.kind] ??= {})[entry.version] = roots[i];
      ((index[group] ??= {})[entry.kind] ??= []).push(entry.version);
    });
    writeJson(join(crdsOut, `${group}.json`), bundle);
  }
  return index;
}

/** Writes the bundle generated from `data` into `out` (its kubernetes/ and crds/ are replaced). */
export function generateBundle(data: string, out: string): void {
  if (!existsSync(join(data, 'SOURCES.md'))) throw new Error(`no source data at ${data} (expected SOURCES.md there)`);
  const scriptData = join(__dirname, 'data');
  const overlay = readJson<EnumOverlay>(join(scriptData, 'enum-overlay.json'));
  const lifecycle = readJson<ApiLifecycle>(join(scriptData, 'api-lifecycle.json'));

  for (const sub of ['kubernetes', 'crds']) rmSync(join(out, sub), { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const { served, descriptionParts } = generateKubernetes(data, out, overlay);
  const crds = generateCrds(data, out);
  const index: BundleIndex = {
    kubernetesVersions: KUBERNETES_MINORS,
    defaultKubernetesVersion: KUBERNETES_MINORS[KUBERNETES_MINORS.length - 1],
    served,
    descriptionParts,
    crds,
    sources: [
      'Kubernetes OpenAPI v2 definitions 1.28-1.36 (kubernetes/kubernetes via kubernetes-client/python), Apache-2.0',
      'CRD schemas from datreeio/CRDs-catalog at 7b1e26ef9deea49293714d204c1a2270aab1178f, MIT',
      'Enum values and API lifecycle from the Kubernetes API reference and deprecation guide (scripts/data)',
    ],
  };
  writeJson(join(out, 'index.json'), index);
  writeJson(join(out, 'api-lifecycle.json'), lifecycle);
}

/** Default paths: `../shared/data` next to the repository, and the repository's `schemas/`. */
export function defaultPaths(): { data: string; out: string } {
  return parseArgs([]);
}

if (require.main === module) {
  const { data, out } = parseArgs(process.argv.slice(2));
  generateBundle(data, out);
}
