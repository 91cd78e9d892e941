import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parseAllDocuments } from 'yaml';
import { analyze, describe as describeDiagnostic, repoRoot } from '../helpers';

/**
 * The snippets contributed for YAML (snippets/kubernetes.code-snippets): every snippet, expanded
 * with its default placeholder values the way VS Code inserts it, must be a valid manifest that
 * the default rules (profile restricted) have nothing to say about.
 */

// ------------------------------------------------------------------------------------------------
// A small expander for VS Code's snippet syntax
// (https://code.visualstudio.com/docs/editing/userdefinedsnippets#_snippet-syntax).
// Transforms (`${1/regex/format/}`) are not supported: the snippets do not use them.
// ------------------------------------------------------------------------------------------------

type SnippetNode =
  | { type: 'text'; value: string }
  /** `$1`, `${1}` (no children) and `${1:default}`. */
  | { type: 'placeholder'; index: number; children: SnippetNode[] }
  | { type: 'choice'; index: number; options: string[] }
  /** `$NAME`, `${NAME}` and `${NAME:default}`. */
  | { type: 'variable'; name: string; children: SnippetNode[] | undefined };

class SnippetSyntaxError extends Error {}

/** Parses a snippet body; throws on what VS Code would not read as intended (unclosed `${`, transforms). */
export function parseSnippet(source: string): SnippetNode[] {
  let at = 0;

  const fail = (message: string): never => {
    throw new SnippetSyntaxError(`${message} at offset ${at} of ${JSON.stringify(source)}`);
  };

  const readInt = (): number | undefined => {
    const match = /^\d+/.exec(source.slice(at));
    if (!match) return undefined;
    at += match[0].length;
    return Number(match[0]);
  };

  const readName = (): string | undefined => {
    const match = /^[_a-zA-Z][_a-zA-Z0-9]*/.exec(source.slice(at));
    if (!match) return undefined;
    at += match[0].length;
    return match[0];
  };

  /** `a,b\,c|}`: options of a choice, after the opening `|`. */
  const readChoice = (): string[] => {
    const options: string[] = [];
    let current = '';
    while (at < source.length) {
      const char = source[at];
      if (char === '\\' && ',|\\'.includes(source[at + 1] ?? '')) {
        current += source[at + 1];
        at += 2;
      } else if (char === ',') {
        options.push(current);
        current = '';
        at++;
      } else if (char === '|') {
        if (source[at + 1] !== '}') fail('`|` inside a choice must be escaped or end it with `|}`');
        options.push(current);
        at += 2;
        return options;
      } else {
        current += char;
        at++;
      }
    }
    return fail('unclosed choice');
  };

  /** Nodes until the end of the text, or until the `}` that closes the enclosing `${`. */
  const readNodes = (nested: boolean): SnippetNode[] => {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ type: 'text', value: text });
      text = '';
    };
    while (at < source.length) {
      const char = source[at];
      if (char === '\\') {
        const next = source[at + 1];
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          at += 2;
        } else {
          text += char;
          at++;
        }
        continue;
      }
      if (char === '}' && nested) {
        at++;
        flush();
        return nodes;
      }
      if (char !== '$') {
        text += char;
        at++;
        continue;
      }
      const start = at;
      at++;
      const index = readInt();
      if (index !== undefined) {
        flush();
        nodes.push({ type: 'placeholder', index, children: [] });
        continue;
      }
      const bareName = readName();
      if (bareName !== undefined) {
        flush();
        nodes.push({ type: 'variable', name: bareName, children: undefined });
        continue;
      }
      if (source[at] !== '{') {
        text += '$'; // a lone `$` is text
        continue;
      }
      at++;
      flush();
      const braceIndex = readInt();
      if (braceIndex !== undefined) {
        const after = source[at];
        if (after === '}') {
          at++;
          nodes.push({ type: 'placeholder', index: braceIndex, children: [] });
        } else if (after === ':') {
          at++;
          nodes.push({ type: 'placeholder', index: braceIndex, children: readNodes(true) });
        } else if (after === '|') {
          at++;
          nodes.push({ type: 'choice', index: braceIndex, options: readChoice() });
        } else {
          at = start;
          fail(after === '/' ? 'transforms are not supported' : 'malformed tab stop');
        }
        continue;
      }
      const name = readName();
      if (name === undefined) {
        at = start;
        fail('`${` must be followed by a tab stop number or a variable name');
      }
      const after = source[at];
      if (after === '}') {
        at++;
        nodes.push({ type: 'variable', name: name!, children: undefined });
      } else if (after === ':') {
        at++;
        nodes.push({ type: 'variable', name: name!, children: readNodes(true) });
      } else {
        at = start;
        fail(after === '/' ? 'transforms are not supported' : 'malformed variable');
      }
    }
    if (nested) fail('unclosed `${`');
    flush();
    return nodes;
  };

  return readNodes(false);
}

/** What the snippets may use, with the fixed values the tests give them. */
export const SAMPLE_VARIABLES: Record<string, string> = {
  TM_FILENAME: 'manifest.yaml',
  TM_FILENAME_BASE: 'manifest',
  TM_DIRECTORY: '/workspace',
  TM_FILEPATH: '/workspace/manifest.yaml',
  RELATIVE_FILEPATH: 'manifest.yaml',
  WORKSPACE_NAME: 'workspace',
  TM_SELECTED_TEXT: '',
  TM_CURRENT_LINE: '',
  CLIPBOARD: '',
  CURRENT_YEAR: '2026',
  CURRENT_MONTH: '01',
  CURRENT_DATE: '02',
  UUID: '00000000-0000-4000-8000-000000000000',
  LINE_COMMENT: '#',
};

export interface Expansion {
  /** The text VS Code inserts before the user types anything. */
  text: string;
  /** Tab stop numbers used (0, the final cursor position, included when present). */
  tabStops: Set<number>;
  /** Default text of each tab stop (the first occurrence with a value, as VS Code takes it). */
  defaults: Map<number, string>;
  /** Tab stops that occur with a default different from the first one (VS Code ignores those). */
  conflicting: number[];
  /** The options of each choice tab stop. */
  choices: Map<number, string[]>;
  /** Variables the expander does not know (VS Code would insert their names). */
  unknownVariables: string[];
}

export interface ExpandOptions {
  variables?: Record<string, string>;
  /** Option to take for a choice tab stop (index into its options) instead of the first. */
  choices?: Map<number, number>;
}

/**
 * Expands a snippet with its defaults: `${1:x}` → x, mirrors (`$1`) → the first default of tab
 * stop 1, `${1|a,b|}` → a (or the option `choices` picks), `$0` → nothing, known variables →
 * their sample values.
 */
export function expandSnippet(body: string | string[], options: ExpandOptions = {}): Expansion {
  const variables = options.variables ?? SAMPLE_VARIABLES;
  const nodes = parseSnippet(Array.isArray(body) ? body.join('\n') : body);
  const tabStops = new Set<number>();
  const first = new Map<number, SnippetNode[]>();
  const unknownVariables: string[] = [];
  const choices = new Map<number, string[]>();

  // Like VS Code: a pre-order walk; the first placeholder of a number that has a value gives it.
  const walk = (list: SnippetNode[]) => {
    for (const node of list) {
      if (node.type === 'placeholder') {
        tabStops.add(node.index);
        if (node.index !== 0 && node.children.length > 0 && !first.has(node.index)) first.set(node.index, node.children);
        walk(node.children);
      } else if (node.type === 'choice') {
        tabStops.add(node.index);
        if (!choices.has(node.index)) choices.set(node.index, node.options);
        if (!first.has(node.index)) first.set(node.index, [{ type: 'text', value: node.options[options.choices?.get(node.index) ?? 0] ?? '' }]);
      } else if (node.type === 'variable' && node.children) {
        walk(node.children);
      }
    }
  };
  walk(nodes);

  const render = (list: SnippetNode[], depth: number): string => {
    if (depth > 20) throw new SnippetSyntaxError('tab stops nested in themselves');
    return list.map((node) => {
      switch (node.type) {
        case 'text':
          return node.value;
        case 'placeholder':
          if (node.index === 0) return render(node.children, depth + 1);
          return render(first.get(node.index) ?? [], depth + 1);
        case 'choice':
          return render(first.get(node.index)!, depth + 1);
        case 'variable':
          if (Object.prototype.hasOwnProperty.call(variables, node.name)) {
            const value = variables[node.name];
            return value === '' && node.children ? render(node.children, depth + 1) : value;
          }
          unknownVariables.push(node.name);
          return node.children ? render(node.children, depth + 1) : node.name;
      }
    }).join('');
  };

  const defaults = new Map<number, string>();
  for (const [index, children] of first) defaults.set(index, render(children, 0));

  const conflicting = new Set<number>();
  const check = (list: SnippetNode[]) => {
    for (const node of list) {
      if (node.type === 'placeholder') {
        if (node.index !== 0 && node.children.length > 0 && render(node.children, 0) !== defaults.get(node.index)) conflicting.add(node.index);
        check(node.children);
      } else if (node.type === 'choice') {
        if (node.options.join(',') !== choices.get(node.index)!.join(',')) conflicting.add(node.index);
      } else if (node.type === 'variable' && node.children) {
        check(node.children);
      }
    }
  };
  check(nodes);

  return { text: render(nodes, 0), tabStops, defaults, conflicting: [...conflicting].sort((a, b) => a - b), unknownVariables, choices };
}

// ------------------------------------------------------------------------------------------------
// The snippet file
// ------------------------------------------------------------------------------------------------

interface Snippet {
  prefix: string | string[];
  description?: string;
  body: string | string[];
  scope?: string;
}

const SNIPPETS_PATH = join(repoRoot, 'snippets', 'kubernetes.code-snippets');

function loadSnippets(): [string, Snippet][] {
  // Plain JSON (no comments), so the language server and other tools can read it with JSON.parse.
  return Object.entries(JSON.parse(readFileSync(SNIPPETS_PATH, 'utf8')) as Record<string, Snippet>);
}

const snippets = loadSnippets();
const prefixOf = (snippet: Snippet): string => (Array.isArray(snippet.prefix) ? snippet.prefix[0] : snippet.prefix);
const bodyLines = (snippet: Snippet): string[] => (Array.isArray(snippet.body) ? snippet.body : snippet.body.split('\n'));

/** The work item's list: exactly these prefixes, no more, no fewer. */
const EXPECTED_PREFIXES = [
  'k8s-deployment', 'k8s-statefulset', 'k8s-daemonset', 'k8s-service', 'k8s-ingress', 'k8s-configmap', 'k8s-secret',
  'k8s-job', 'k8s-cronjob', 'k8s-pdb', 'k8s-hpa', 'k8s-vpa', 'k8s-namespace',
  'k8s-netpol-default-deny', 'k8s-netpol-same-namespace', 'k8s-netpol-from-namespace', 'k8s-netpol-allow-dns', 'k8s-netpol-egress-to-app',
  'k8s-rbac-readonly', 'k8s-rbac-clusterrole', 'k8s-rbac-ci-deployer',
  'istio-virtualservice', 'istio-destinationrule', 'istio-gateway', 'istio-peerauthentication', 'istio-authorizationpolicy',
  'flagger-canary',
];

/** apiVersion/kind of the documents each snippet must produce, in order. */
const EXPECTED_KINDS: Record<string, string[]> = {
  'k8s-deployment': ['apps/v1 Deployment'],
  'k8s-statefulset': ['v1 Service', 'apps/v1 StatefulSet'],
  'k8s-daemonset': ['apps/v1 DaemonSet'],
  'k8s-service': ['v1 Service'],
  'k8s-ingress': ['networking.k8s.io/v1 Ingress'],
  'k8s-configmap': ['v1 ConfigMap'],
  'k8s-secret': ['v1 Secret'],
  'k8s-job': ['batch/v1 Job'],
  'k8s-cronjob': ['batch/v1 CronJob'],
  'k8s-pdb': ['policy/v1 PodDisruptionBudget'],
  'k8s-hpa': ['autoscaling/v2 HorizontalPodAutoscaler'],
  'k8s-vpa': ['autoscaling.k8s.io/v1 VerticalPodAutoscaler'],
  'k8s-namespace': ['v1 Namespace'],
  'k8s-netpol-default-deny': ['networking.k8s.io/v1 NetworkPolicy'],
  'k8s-netpol-same-namespace': ['networking.k8s.io/v1 NetworkPolicy'],
  'k8s-netpol-from-namespace': ['networking.k8s.io/v1 NetworkPolicy'],
  'k8s-netpol-allow-dns': ['networking.k8s.io/v1 NetworkPolicy'],
  'k8s-netpol-egress-to-app': ['networking.k8s.io/v1 NetworkPolicy'],
  'k8s-rbac-readonly': ['v1 ServiceAccount', 'rbac.authorization.k8s.io/v1 Role', 'rbac.authorization.k8s.io/v1 RoleBinding'],
  'k8s-rbac-clusterrole': ['rbac.authorization.k8s.io/v1 ClusterRole', 'rbac.authorization.k8s.io/v1 ClusterRoleBinding'],
  'k8s-rbac-ci-deployer': ['rbac.authorization.k8s.io/v1 Role', 'rbac.authorization.k8s.io/v1 RoleBinding'],
  'istio-virtualservice': ['networking.istio.io/v1 VirtualService'],
  'istio-destinationrule': ['networking.istio.io/v1 DestinationRule'],
  'istio-gateway': ['networking.istio.io/v1 Gateway'],
  'istio-peerauthentication': ['security.istio.io/v1 PeerAuthentication'],
  'istio-authorizationpolicy': ['security.istio.io/v1 AuthorizationPolicy'],
  'flagger-canary': ['flagger.app/v1beta1 Canary'],
};

type Manifest = any;
const at = (value: Manifest, path: string): Manifest => path.split('.').reduce((node, key) => node?.[/^\d+$/.test(key) ? Number(key) : key], value);
const podSpec = (doc: Manifest): Manifest => (doc.kind === 'CronJob' ? at(doc, 'spec.jobTemplate.spec.template.spec') : at(doc, 'spec.template.spec'));

/** What the work item asks of each snippet, beyond passing the schema and the rules. */
const CONTENT: Record<string, (docs: Manifest[]) => void> = {
  'k8s-deployment': ([deployment]) => {
    const pod = podSpec(deployment);
    const container = pod.containers[0];
    assert.equal(pod.automountServiceAccountToken, false);
    assert.deepEqual(pod.securityContext.seccompProfile, { type: 'RuntimeDefault' });
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.deepEqual(container.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    assert.match(container.image, /^[^:]+:\d+\.\d+\.\d+$/);
    assert.equal(container.readinessProbe.httpGet.port, container.ports[0].name);
    assert.equal(container.livenessProbe.httpGet.port, container.ports[0].name);
    assert.ok(container.resources.requests.cpu && container.resources.requests.memory && container.resources.limits.memory);
    assert.deepEqual(container.volumeMounts, [{ name: 'tmp', mountPath: '/tmp' }]);
    assert.deepEqual(pod.volumes, [{ name: 'tmp', emptyDir: {} }]);
  },
  'k8s-statefulset': ([service, statefulSet]) => {
    assert.equal(service.spec.clusterIP, 'None');
    assert.equal(statefulSet.spec.serviceName, service.metadata.name);
    assert.equal(statefulSet.spec.volumeClaimTemplates.length, 1);
  },
  'k8s-service': ([service]) => assert.equal(service.spec.type, 'ClusterIP'),
  'k8s-ingress': ([ingress]) => {
    assert.ok(ingress.spec.ingressClassName);
    assert.deepEqual(ingress.spec.tls[0].hosts, [ingress.spec.rules[0].host]);
    assert.equal(ingress.spec.rules[0].http.paths[0].pathType, 'Prefix');
  },
  'k8s-secret': ([secret]) => {
    assert.equal(secret.type, 'Opaque');
    assert.ok(secret.stringData && !secret.data);
  },
  'k8s-job': ([job]) => {
    assert.ok(job.spec.ttlSecondsAfterFinished > 0 && job.spec.backoffLimit >= 0);
    assert.equal(podSpec(job).restartPolicy, 'OnFailure');
  },
  'k8s-cronjob': ([cronJob]) => {
    for (const field of ['schedule', 'concurrencyPolicy', 'startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
      assert.notEqual(cronJob.spec[field], undefined, field);
    }
  },
  'k8s-hpa': ([hpa]) => {
    assert.deepEqual(hpa.spec.metrics.map((m: Manifest) => `${m.resource.name} ${m.resource.target.type}`), ['cpu Utilization', 'memory Utilization']);
    for (const direction of ['scaleUp', 'scaleDown']) {
      assert.deepEqual(hpa.spec.behavior[direction].policies.map((p: Manifest) => p.type).sort(), ['Percent', 'Pods'], direction);
    }
    assert.ok(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds > 0);
    assert.ok(hpa.spec.minReplicas >= 2);
  },
  'k8s-vpa': ([vpa]) => {
    assert.ok(vpa.spec.updatePolicy.updateMode);
    assert.ok(vpa.spec.resourcePolicy.containerPolicies[0].minAllowed && vpa.spec.resourcePolicy.containerPolicies[0].maxAllowed);
  },
  'k8s-namespace': ([namespace]) => {
    for (const mode of ['enforce', 'audit', 'warn']) assert.equal(namespace.metadata.labels[`pod-security.kubernetes.io/${mode}`], 'restricted', mode);
  },
  'k8s-netpol-default-deny': ([policy]) => {
    assert.deepEqual(policy.spec, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  },
  'k8s-netpol-same-namespace': ([policy]) => {
    assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
    assert.deepEqual(policy.spec.ingress, [{ from: [{ podSelector: {} }] }]);
  },
  'k8s-netpol-from-namespace': ([policy]) => {
    assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
    assert.ok(policy.spec.ingress[0].from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name']);
  },
  'k8s-netpol-allow-dns': ([policy]) => {
    assert.deepEqual(policy.spec.policyTypes, ['Egress']);
    const [rule] = policy.spec.egress;
    assert.deepEqual(rule.to, [{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    }]);
    assert.deepEqual(rule.ports, [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
  },
  'k8s-netpol-egress-to-app': ([policy]) => {
    assert.deepEqual(policy.spec.policyTypes, ['Egress']);
    assert.ok(policy.spec.egress[0].to[0].podSelector.matchLabels && policy.spec.egress[0].ports[0].port);
  },
  'k8s-rbac-ci-deployer': ([role]) => {
    for (const rule of role.rules) {
      for (const list of ['apiGroups', 'resources', 'verbs']) assert.ok(!rule[list].includes('*'), `no wildcard in ${list}`);
      assert.ok(!rule.resources.includes('secrets') && !rule.resources.some((r: string) => r.startsWith('pods/')));
    }
    assert.ok(role.rules.some((rule: Manifest) => rule.resources.includes('deployments')));
  },
  'istio-virtualservice': ([vs]) => {
    const [byHeader, weighted] = vs.spec.http;
    assert.ok(byHeader.match[0].headers);
    assert.deepEqual(weighted.route.map((r: Manifest) => r.weight), [90, 10]);
  },
  'istio-destinationrule': ([dr]) => {
    const { outlierDetection, connectionPool } = dr.spec.trafficPolicy;
    assert.ok(outlierDetection.consecutive5xxErrors > 0 && outlierDetection.consecutiveErrors === undefined);
    assert.ok(connectionPool.tcp && connectionPool.http);
    assert.equal(dr.spec.subsets.length, 2);
  },
  'istio-gateway': ([gateway]) => {
    const [https, http] = gateway.spec.servers;
    assert.deepEqual([https.port.number, https.port.protocol, http.port.number, http.port.protocol], [443, 'HTTPS', 80, 'HTTP']);
    assert.ok(https.tls.credentialName);
    assert.equal(http.tls.httpsRedirect, true);
  },
  'istio-peerauthentication': ([pa]) => assert.equal(pa.spec.mtls.mode, 'STRICT'),
  'istio-authorizationpolicy': ([policy]) => {
    assert.equal(policy.spec.action, 'ALLOW');
    const principals = policy.spec.rules.flatMap((rule: Manifest) => rule.from.flatMap((from: Manifest) => from.source.principals));
    assert.equal(principals.length, 1);
    assert.match(principals[0], /^cluster\.local\/ns\/[a-z0-9-]+\/sa\/[a-z0-9-]+$/);
  },
  'flagger-canary': ([canary]) => {
    const { analysis } = canary.spec;
    assert.ok(canary.spec.service.port && analysis.interval && analysis.threshold && analysis.maxWeight && analysis.stepWeight);
    assert.deepEqual(analysis.metrics.map((m: Manifest) => m.name), ['request-success-rate', 'request-duration']);
  },
};

const DEFAULT_RULES = { profile: 'restricted' as const };

describe('snippet expander', () => {
  const text = (body: string | string[]) => expandSnippet(body).text;

  it('inserts the default of a placeholder and nothing for a bare tab stop or $0', () => {
    assert.equal(text('name: ${1:app}'), 'name: app');
    assert.equal(text('a$1b${2}c$0'), 'abc');
    assert.equal(text('x${0}'), 'x');
  });

  it('fills every occurrence of a tab stop with its first default (mirrors)', () => {
    assert.equal(text('${1:web} ${1:web} $1 ${1}'), 'web web web web');
    assert.equal(text('$1 then ${1:late}'), 'late then late');
    assert.deepEqual(expandSnippet('${1:a} ${1:b}').conflicting, [1]);
    assert.equal(text('${1:a} ${1:b}'), 'a a', 'VS Code keeps the first default');
    assert.deepEqual(expandSnippet('${1:a} $1 ${1:a}').conflicting, []);
  });

  it('takes the first option of a choice, and mirrors it', () => {
    assert.equal(text('type: ${1|ClusterIP,NodePort,LoadBalancer|}'), 'type: ClusterIP');
    assert.equal(text('${1|a,b|} $1'), 'a a');
    assert.equal(text('${1|a\\,b,c|}'), 'a,b');
    assert.equal(text('${1|x\\|y,z|}'), 'x|y');
    const picked = expandSnippet('${1|a,b,c|} $1 ${2|x,y|}', { choices: new Map([[1, 2]]) });
    assert.equal(picked.text, 'c c x');
    assert.deepEqual([...picked.choices], [[1, ['a', 'b', 'c']], [2, ['x', 'y']]]);
    assert.deepEqual(expandSnippet('${1|a,b|} ${1|a,c|}').conflicting, [1]);
  });

  it('expands nested placeholders', () => {
    assert.equal(text('${1:foo-${2:bar}}'), 'foo-bar');
    assert.equal(text('${1:foo-${2:bar}} $2'), 'foo-bar bar');
    assert.equal(text('${1:a ${2:b ${3:c}}}'), 'a b c');
    assert.deepEqual([...expandSnippet('${1:foo-${2:bar}}$0').tabStops].sort(), [0, 1, 2]);
  });

  it('resolves variables to fixed samples, with defaults and unknown names like VS Code', () => {
    assert.equal(text('name: $TM_FILENAME_BASE'), 'name: manifest');
    assert.equal(text('name: ${TM_FILENAME_BASE}'), 'name: manifest');
    assert.equal(text('${TM_SELECTED_TEXT:none}'), 'none');
    assert.equal(text('${1:${TM_FILENAME_BASE}}-x $1'), 'manifest-x manifest');
    assert.equal(expandSnippet('$TM_FILENAME_BASE', { variables: { TM_FILENAME_BASE: 'web' } }).text, 'web');
    const unknown = expandSnippet('$NOPE ${ALSO:dflt}');
    assert.equal(unknown.text, 'NOPE dflt');
    assert.deepEqual(unknown.unknownVariables, ['NOPE', 'ALSO']);
  });

  it('honours escapes and leaves other dollars and braces alone', () => {
    assert.equal(text('cost: \\$5'), 'cost: $5');
    assert.equal(text('${1:a\\}b}'), 'a}b');
    assert.equal(text('back\\\\slash'), 'back\\slash');
    assert.equal(text('emptyDir: {}'), 'emptyDir: {}');
    assert.equal(text('a $ b $'), 'a $ b $');
    assert.equal(text('\\n'), '\\n');
  });

  it('joins an array body with newlines', () => {
    assert.equal(text(['a: ${1:x}', 'b: $1', '$0']), 'a: x\nb: x\n');
  });

  it('rejects what it cannot expand faithfully', () => {
    assert.throws(() => expandSnippet('${1:unclosed'), SnippetSyntaxError);
    assert.throws(() => expandSnippet('${1/(.*)/${1:/upcase}/}'), SnippetSyntaxError);
    assert.throws(() => expandSnippet('${1|a,b'), SnippetSyntaxError);
    assert.throws(() => expandSnippet('${-1}'), SnippetSyntaxError);
  });
});

describe('snippets', () => {
  it('is plain JSON with one object per snippet', () => {
    assert.ok(snippets.length > 0);
    for (const [name, snippet] of snippets) {
      assert.equal(typeof snippet, 'object', name);
      assert.ok(typeof snippet.prefix === 'string', `${name}: one prefix per snippet`);
      assert.ok(Array.isArray(snippet.body) && snippet.body.every((line) => typeof line === 'string'), `${name}: body is an array of lines`);
      assert.equal(snippet.scope, undefined, `${name}: the language comes from package.json, not a scope`);
    }
  });

  it('has exactly the prefixes of the work item, each unique and namespaced', () => {
    const prefixes = snippets.map(([, snippet]) => prefixOf(snippet));
    assert.equal(new Set(prefixes).size, prefixes.length, `duplicate prefixes: ${prefixes.filter((p, i) => prefixes.indexOf(p) !== i).join(', ')}`);
    for (const prefix of prefixes) assert.match(prefix, /^(k8s|istio|flagger)-[a-z0-9]+(-[a-z0-9]+)*$/, prefix);
    assert.deepEqual([...prefixes].sort(), [...EXPECTED_PREFIXES].sort());
    // Typing `k8s-netpol` lists every NetworkPolicy snippet, `k8s-rbac` every RBAC one.
    assert.equal(prefixes.filter((p) => p.startsWith('k8s-netpol')).length, 5);
    assert.equal(prefixes.filter((p) => p.startsWith('k8s-rbac')).length, 3);
  });

  it('are all listed in docs/snippets.md, one table row each', () => {
    const docs = readFileSync(join(repoRoot, 'docs', 'snippets.md'), 'utf8');
    for (const [, snippet] of snippets) {
      const rows = docs.split('\n').filter((line) => line.startsWith(`| \`${prefixOf(snippet)}\` |`));
      assert.equal(rows.length, 1, `docs/snippets.md: ${prefixOf(snippet)}`);
    }
  });

  it('describes every snippet in one line', () => {
    for (const [name, snippet] of snippets) {
      assert.ok(typeof snippet.description === 'string' && snippet.description.trim().length >= 20, `${name}: description`);
      assert.ok(!snippet.description!.includes('\n'), `${name}: one-line description`);
    }
  });

  for (const [name, snippet] of snippets) {
    const prefix = prefixOf(snippet);

    describe(prefix, () => {
      const expansion = expandSnippet(snippet.body);

      it('numbers its tab stops from 1 without gaps, ends with $0, and gives every choice a real default', () => {
        const numbered = [...expansion.tabStops].filter((n) => n !== 0).sort((a, b) => a - b);
        assert.ok(numbered.length > 0, `${name}: no tab stops`);
        assert.deepEqual(numbered, numbered.map((_, i) => i + 1), `${name}: tab stops ${numbered.join(', ')}`);
        assert.ok(expansion.tabStops.has(0), `${name}: no final $0`);
        assert.equal(bodyLines(snippet).filter((line) => line.includes('$0')).length, 1, `${name}: one $0`);
        assert.deepEqual(expansion.conflicting, [], `${name}: a repeated tab stop has different defaults`);
        assert.deepEqual(expansion.unknownVariables, [], `${name}: unknown variables`);
        for (const n of numbered) assert.notEqual(expansion.defaults.get(n) ?? '', '', `${name}: tab stop ${n} has no default`);
      });

      it('is laid out in 2-space steps with block lists at their parent key\'s column', () => {
        const lines = bodyLines(snippet);
        assert.ok(!lines[0].startsWith('---'), `${name}: starts with a document separator`);
        lines.forEach((line, i) => {
          assert.ok(!line.includes('\t'), `${name} line ${i + 1}: tab`);
          assert.equal(line, line.trimEnd(), `${name} line ${i + 1}: trailing space`);
          const indent = line.length - line.trimStart().length;
          assert.equal(indent % 2, 0, `${name} line ${i + 1}: odd indentation`);
        });
        const layout = expansion.text.split('\n');
        layout.forEach((line, i) => {
          const item = /^( *)- /.exec(line);
          if (!item) return;
          const column = item[1].length;
          // Walk back over sibling items and their contents to the line that holds the list.
          for (let j = i - 1; j >= 0; j--) {
            const previous = layout[j];
            if (previous.trim() === '' || previous.trim().startsWith('#')) continue;
            const indent = previous.length - previous.trimStart().length;
            if (indent > column) continue;
            if (indent === column && previous.trimStart().startsWith('- ')) continue;
            const keyColumn = indent + (/^ *((- )*)/.exec(previous)![1].length);
            assert.ok(keyColumn === column && /:$/.test(previous),
              `${name} line ${i + 1}: list item "${line.trim()}" is not at the column of its key (line ${j + 1}: "${previous.trim()}")`);
            return;
          }
          assert.fail(`${name} line ${i + 1}: list item without a key`);
        });
      });

      it('produces the resources it promises, each checked against a schema', () => {
        const file = analyze(expansion.text, DEFAULT_RULES);
        const resources = file.documents.flatMap((document) => document.analysis.resources);
        assert.deepEqual(resources.map((r) => `${r.apiVersion} ${r.kind}`), EXPECTED_KINDS[prefix], name);
        for (const resource of resources) {
          assert.equal(resource.resolution.status, 'schema', `${name}: ${resource.kind} was not validated against a schema`);
          assert.ok(resource.name && !/\s/.test(resource.name), `${name}: ${resource.kind} has a name`);
        }
      });

      it('has what the work item asks of it', () => {
        const docs = parseAllDocuments(expansion.text, { version: '1.1' });
        const manifests = (Array.isArray(docs) ? docs : [docs]).map((doc) => doc.toJS());
        CONTENT[prefix]?.(manifests);
      });

      it('raises no diagnostic under the default rules for Kubernetes 1.36', () => {
        const diagnostics = analyze(expansion.text, { ...DEFAULT_RULES, kubernetesVersion: '1.36' }).diagnostics;
        assert.deepEqual(diagnostics.map(describeDiagnostic), [], `${name}:\n${expansion.text}`);
      });

      it('stays schema-valid with every option of every choice', () => {
        for (const [index, options] of expansion.choices) {
          options.forEach((option, i) => {
            const text = expandSnippet(snippet.body, { choices: new Map([[index, i]]) }).text;
            for (const kubernetesVersion of ['1.36', '1.28']) {
              const errors = analyze(text, { ...DEFAULT_RULES, kubernetesVersion }).diagnostics
                .filter((d) => d.severity === DiagnosticSeverity.Error).map(describeDiagnostic);
              assert.deepEqual(errors, [], `${name}: \${${index}|…|} = ${option} on ${kubernetesVersion}`);
            }
          });
        }
      });

      it('raises no error for Kubernetes 1.28', () => {
        const errors = analyze(expansion.text, { ...DEFAULT_RULES, kubernetesVersion: '1.28' }).diagnostics
          .filter((d) => d.severity === DiagnosticSeverity.Error).map(describeDiagnostic);
        assert.deepEqual(errors, [], `${name}:\n${expansion.text}`);
      });
    });
  }
});
