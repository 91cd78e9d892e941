import { strict as assert } from 'node:assert';
import { CompletionItem, DocumentSymbol, TextEdit } from 'vscode-languageserver-types';
import { getCompletions } from '../../server/src/core/authoring/completion';
import { getHover } from '../../server/src/core/authoring/hover';
import { getDocumentSymbols, getFoldingRanges } from '../../server/src/core/authoring/symbols';
import { generate } from '../../bench/generate';
import { fixture, newService, service, settings } from '../helpers';

/** Text with a `|` where the cursor is → the text and the cursor position. */
function cursor(source: string): { text: string; position: { line: number; character: number } } {
  const offset = source.indexOf('|');
  const text = source.slice(0, offset) + source.slice(offset + 1);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { text, position: { line, character: offset - (before.lastIndexOf('\n') + 1) } };
}

const SNIPPETS = [{ name: 'Deployment', prefix: 'k8s-deployment', description: 'A hardened Deployment', body: 'apiVersion: apps/v1\nkind: Deployment' }];

function complete(source: string, overrides = {}): CompletionItem[] {
  const { text, position } = cursor(source);
  return getCompletions(service(), 'file:///w/app.yaml', text, settings(overrides), position, SNIPPETS).items;
}
const labels = (items: CompletionItem[]) => items.map((item) => item.label);
const insert = (items: CompletionItem[], label: string) => (items.find((item) => item.label === label)?.textEdit as TextEdit | undefined)?.newText;

const deployment = (inSpec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      volumes:
      - name: cache
        emptyDir: {}
      containers:
      - name: web
        image: nginx:1.27.3
        ports:
        - name: http
          containerPort: 8080
${inSpec}`;

describe('completion', () => {
  it('1. offers the top-level fields of the kind, not those already written', () => {
    const items = complete('apiVersion: apps/v1\nkind: Deployment\n|\n');
    assert.deepEqual(labels(items).sort(), ['metadata', 'spec', 'status']);
  });

  it('2. offers apiVersion, kind and metadata, and the snippets, where a new document starts', () => {
    const items = complete('|');
    assert.deepEqual(labels(items), ['apiVersion', 'kind', 'metadata', 'k8s-deployment']);
    assert.equal(items[3].kind, 15 /* Snippet */);
    assert.deepEqual(labels(complete('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n|')).slice(0, 3), ['apiVersion', 'kind', 'metadata']);
  });

  it('3. offers the apiVersions served by the target version', () => {
    const items = labels(complete('apiVersion: |\n'));
    assert.ok(items.includes('apps/v1') && items.includes('networking.k8s.io/v1') && items.includes('networking.istio.io/v1'));
    assert.ok(!items.includes('extensions/v1beta1'));
    assert.ok(labels(complete('apiVersion: |\n', { kubernetesVersion: '1.36' })).includes('resource.k8s.io/v1'));
    assert.ok(!labels(complete('apiVersion: |\n', { kubernetesVersion: '1.28' })).includes('resource.k8s.io/v1'));
  });

  it('4. offers only the apiVersions serving the chosen kind', () => {
    assert.deepEqual(labels(complete('apiVersion: |\nkind: HorizontalPodAutoscaler\n')), ['autoscaling/v2', 'autoscaling/v1']);
  });

  it('5. offers the kinds of the chosen apiVersion', () => {
    const items = labels(complete('apiVersion: networking.k8s.io/v1\nkind: |\n'));
    assert.ok(items.includes('Ingress') && items.includes('NetworkPolicy') && !items.includes('Deployment'));
  });

  it('6. offers every kind when there is no apiVersion yet, and writes the matching apiVersion', () => {
    const items = complete('kind: |\nmetadata:\n  name: a\n');
    const deploymentItem = items.find((item) => item.label === 'Deployment')!;
    assert.deepEqual(deploymentItem.additionalTextEdits, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'apiVersion: apps/v1\n' }]);
    assert.equal(items.find((item) => item.label === 'Ingress')?.detail, 'networking.k8s.io/v1');
  });

  it('7. offers the fields of spec, required ones first, with type and documentation', () => {
    const items = complete(deployment('').replace('spec:\n  selector:', 'spec:\n  |\n  selector:'));
    assert.ok(!labels(items).includes('selector') && !labels(items).includes('template'));
    const replicas = items.find((item) => item.label === 'replicas')!;
    assert.equal(replicas.detail, 'integer (int32)');
    assert.match((replicas.documentation as { value: string }).value, /^\*\*replicas\*\* · `integer \(int32\)`\n\n`spec.replicas`\n\nNumber of desired pods/);
  });

  it('8. offers the fields of a container deep in the pod template, with documentation', () => {
    const items = complete(deployment('        |\n'));
    const names = labels(items);
    assert.ok(names.includes('imagePullPolicy') && names.includes('securityContext') && names.includes('resources'));
    assert.ok(!names.includes('name') && !names.includes('image') && !names.includes('ports'));
    assert.match((items.find((item) => item.label === 'livenessProbe')!.documentation as { value: string }).value, /`spec\.template\.spec\.containers\[\]\.livenessProbe`/);
  });

  it('9. offers the fields of a securityContext with their docs', () => {
    const items = complete(deployment('        securityContext:\n          |\n'));
    assert.ok(labels(items).includes('runAsNonRoot') && labels(items).includes('capabilities') && labels(items).includes('readOnlyRootFilesystem'));
    assert.equal(insert(items, 'allowPrivilegeEscalation'), 'allowPrivilegeEscalation: ${1|true,false|}');
    assert.match((items.find((item) => item.label === 'runAsNonRoot')!.documentation as { value: string }).value, /Indicates that the container must run as a non-root user/);
  });

  it('10. offers the fields of a new list item, required first', () => {
    const items = complete(deployment('      - |\n'));
    assert.equal(items.find((item) => item.label === 'name')?.sortText, '0name');
    assert.equal(items.find((item) => item.label === 'image')?.sortText, '1image');
  });

  it('11. inserts an indented skeleton of the required fields for object and list fields', () => {
    const items = complete(deployment('        |\n'));
    assert.equal(insert(items, 'env'), 'env:\n- name: $1');
    const spec = complete('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  template:\n    spec:\n      |\n');
    assert.equal(insert(spec, 'containers'), 'containers:\n- name: $1');
    assert.equal(insert(spec, 'securityContext'), 'securityContext:\n  $1');
    const hpa = complete('apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: a\nspec:\n  |\n');
    assert.equal(insert(hpa, 'scaleTargetRef'), 'scaleTargetRef:\n  kind: $1\n  name: $2');
  });

  it('12. offers enum values for an empty value', () => {
    assert.deepEqual(labels(complete(deployment('        imagePullPolicy: |\n'))), ['Always', 'IfNotPresent', 'Never']);
    assert.deepEqual(labels(complete('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  type: |\n')), ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
  });

  it('13. offers true and false for booleans', () => {
    assert.deepEqual(labels(complete(deployment('        securityContext:\n          readOnlyRootFilesystem: |\n'))), ['true', 'false']);
  });

  it('14. offers the pod\'s volumes for a volume mount name', () => {
    assert.deepEqual(labels(complete(deployment('        volumeMounts:\n        - name: |\n          mountPath: /cache\n'))), ['cache']);
  });

  it('15. offers the container\'s ports for a probe port', () => {
    assert.deepEqual(labels(complete(deployment('        readinessProbe:\n          httpGet:\n            path: /ready\n            port: |\n'))), ['http', '8080']);
  });

  it('16. completes inside custom resources from their CRD schema', () => {
    const items = complete('apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: a\nspec:\n  http:\n  - route:\n    - destination:\n        |\n');
    assert.deepEqual(labels(items).sort(), ['host', 'port', 'subset']);
    assert.equal(items.find((item) => item.label === 'host')?.detail, 'string (required)');
    const trafficPolicy = complete('apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: a\nspec:\n  host: a\n  trafficPolicy:\n    outlierDetection:\n      |\n');
    assert.ok(labels(trafficPolicy).includes('consecutive5xxErrors'));
  });

  it('17. filters by the prefix already typed (the edit replaces it)', () => {
    const items = complete(deployment('        imagePull|\n'));
    const edit = items.find((item) => item.label === 'imagePullPolicy')!.textEdit as TextEdit;
    assert.deepEqual(edit.range, { start: { line: 22, character: 8 }, end: { line: 22, character: 17 } });
  });

  it('offers nothing in comments, in non-Kubernetes YAML fields, or mid-word before text', () => {
    assert.deepEqual(complete('# a comment |\n'), []);
    assert.deepEqual(complete('services:\n  web:\n    |\n'), []);
  });
});

describe('hover', () => {
  const text = fixture('foundation/issue-example.yaml').replace('contianers', 'containers');
  const hover = (line: number, character: number) => (getHover(service(), 'file:///w/h.yaml', text, settings(), { line, character })?.contents as { value: string } | undefined)?.value;

  it('shows a field\'s description from the 1.36 spec, its type, whether required, and its full path', () => {
    assert.equal(hover(13, 10), [
      '**image** · `string`', '', '`spec.template.spec.containers[].image`', '',
      'Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.',
    ].join('\n'));
    assert.match(hover(12, 10) ?? '', /^\*\*name\*\* · `string` · required\n\n`spec\.template\.spec\.containers\[\]\.name`/);
    assert.match(hover(11, 8) ?? '', /^\*\*containers\*\* · `\[\]Container` · required/);
  });

  it('shows the field when hovering its value too', () => {
    assert.match(hover(5, 14) ?? '', /^\*\*replicas\*\*/);
  });

  it('explains the kind and the versions that serve it', () => {
    assert.equal(hover(1, 7), '**Deployment** · `apps/v1`\n\nServed by Kubernetes 1.28–1.36.\n\nDeployment enables declarative updates for Pods and ReplicaSets.');
    const dra = getHover(service(), 'file:///w/d.yaml', 'apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata:\n  name: gpu\n', settings(), { line: 0, character: 2 });
    assert.match((dra?.contents as { value: string }).value, /Served by Kubernetes 1\.34–1\.36\./);
  });

  it('documents custom resource fields from the CRD schema', () => {
    const vs = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: a\nspec:\n  hosts:\n  - a\n';
    assert.match((getHover(service(), 'file:///w/v.yaml', vs, settings(), { line: 5, character: 3 })?.contents as { value: string }).value, /^\*\*hosts\*\* · `\[\]string`\n\n`spec\.hosts`\n\nThe destination hosts to which traffic is being sent/);
    assert.match((getHover(service(), 'file:///w/v.yaml', vs, settings(), { line: 1, character: 3 })?.contents as { value: string }).value, /Custom resource \(bundled schema\); versions: v1, v1alpha3, v1beta1\./);
  });

  it('says nothing on non-Kubernetes YAML', () => {
    assert.equal(getHover(service(), 'file:///w/c.yaml', 'services:\n  web:\n    image: a\n', settings(), { line: 2, character: 5 }), null);
  });
});

describe('outline and folding', () => {
  const text = fixture('foundation/issue-example.yaml');
  it('has one symbol per document, named by kind and name, with nested keys', () => {
    const symbols = getDocumentSymbols(service(), 'file:///w/o.yaml', text, settings());
    const outline = (list: DocumentSymbol[], depth: number): string[] => list.flatMap((symbol) => [
      `${'  '.repeat(depth)}${symbol.name} ${symbol.range.start.line}-${symbol.range.end.line}`, ...(depth < 2 ? outline(symbol.children ?? [], depth + 1) : []),
    ]);
    assert.deepEqual(outline(symbols, 0), [
      'Deployment web 0-13', '  apiVersion 0-0', '  kind 1-1', '  metadata 2-3', '    name 3-3', '  spec 4-13', '    replicas 5-5', '    template 6-13',
      'Service web 14-25', '  apiVersion 15-15', '  kind 16-16', '  metadata 17-18', '    name 18-18', '  spec 19-25', '    selector 20-21', '    ports 22-25',
    ]);
    assert.equal(symbols[0].detail, 'apps/v1');
  });

  it('folds each document and each multi-line block', () => {
    const ranges = getFoldingRanges(service(), 'file:///w/o.yaml', text, settings()).map((range) => `${range.startLine}-${range.endLine}${range.kind ? ` ${range.kind}` : ''}`);
    assert.deepEqual(ranges.slice(0, 4), ['0-13 region', '2-3', '4-13', '6-13']);
    assert.ok(ranges.includes('14-25 region') && ranges.includes('22-25'));
  });

  const names = (list: DocumentSymbol[]): string[] => list.flatMap((symbol) => [symbol.name, ...names(symbol.children ?? []).map((name) => `${symbol.name} > ${name}`)]);

  it('keeps whole levels from the top when a file has more symbols than the limit', () => {
    const full = names(getDocumentSymbols(service(), 'file:///w/o.yaml', text, settings()));
    assert.equal(full.length, 29);
    // 2 documents and 8 top-level keys fit in 12; their 6 children would not.
    assert.deepEqual(names(getDocumentSymbols(service(), 'file:///w/o.yaml', text, settings(), { maxSymbols: 12 })), [
      'Deployment web', 'Deployment web > apiVersion', 'Deployment web > kind', 'Deployment web > metadata', 'Deployment web > spec',
      'Service web', 'Service web > apiVersion', 'Service web > kind', 'Service web > metadata', 'Service web > spec',
    ]);
    // The documents themselves are always there.
    assert.deepEqual(names(getDocumentSymbols(service(), 'file:///w/o.yaml', text, settings(), { maxSymbols: 1 })), ['Deployment web', 'Service web']);
  });

  it('gives whole levels of folding ranges from the outside in when the client sets a limit', () => {
    const all = getFoldingRanges(service(), 'file:///w/o.yaml', text, settings()).map((range) => `${range.startLine}-${range.endLine}`);
    const limited = (rangeLimit: number) => getFoldingRanges(service(), 'file:///w/o.yaml', text, settings(), { rangeLimit }).map((range) => `${range.startLine}-${range.endLine}`);
    // The two documents and their four top-level blocks fit in 6 (and in 7, where the next level does not).
    assert.deepEqual(limited(6), ['0-13', '2-3', '4-13', '14-25', '17-18', '19-25']);
    assert.deepEqual(limited(7), limited(6));
    assert.deepEqual(limited(5), ['0-13', '14-25']);
    assert.deepEqual(limited(all.length), all);
    assert.ok(all.length > 6);
  });

  it('after an edit, parses, analyzes and outlines only the document it touched, and gives what a fresh service gives', () => {
    const svc = newService();
    const uri = 'file:///w/edited.yaml';
    const three = `${text}---\n${fixture('harden/shop.yaml')}`;
    getDocumentSymbols(svc, uri, three, settings());
    getFoldingRanges(svc, uri, three, settings());
    const before = { ...svc.counters };
    // Two lines added to the first document: every document after it moves down.
    const edited = three.replace('  name: web\n', '  name: web\n  labels:\n    app: web\n');
    const symbols = getDocumentSymbols(svc, uri, edited, settings());
    const folding = getFoldingRanges(svc, uri, edited, settings());
    assert.deepEqual({ parses: svc.counters.parses - before.parses, analyses: svc.counters.analyses - before.analyses, outlines: svc.counters.outlines - before.outlines }, { parses: 1, analyses: 1, outlines: 1 });
    // Asked again with nothing changed (a cursor move): nothing more.
    const again = { ...svc.counters };
    getDocumentSymbols(svc, uri, edited, settings());
    getFoldingRanges(svc, uri, edited, settings());
    assert.deepEqual(svc.counters, again);
    const fresh = newService();
    assert.deepEqual(symbols, getDocumentSymbols(fresh, uri, edited, settings()));
    assert.deepEqual(folding, getFoldingRanges(fresh, uri, edited, settings()));
  });

  it('on a large file, outlines from the top the analysis kept, parsing only for deeper levels that fit, the same as a fresh service', () => {
    const svc = newService();
    const uri = 'file:///w/large.yaml';
    let large = generate(500).text;
    assert.ok(large.length > 160 * 1024, `${large.length} characters`);
    const ask = (within: number, rangeLimit: number) => ({
      symbols: getDocumentSymbols(svc, uri, large, settings(), { maxSymbols: within }),
      folding: getFoldingRanges(svc, uri, large, settings(), { rangeLimit }),
    });
    svc.analyze(uri, large, settings());
    const analyzed = { ...svc.counters };
    // Each resource and its top-level keys fit in 3,000 symbols, the next level would not: what
    // the analysis kept is enough.
    const top = ask(3000, 2000);
    assert.deepEqual(svc.counters, analyzed);
    const depth = (list: DocumentSymbol[]): number => Math.max(0, ...list.map((symbol) => 1 + depth(symbol.children ?? [])));
    assert.equal(depth(top.symbols), 2);
    assert.equal(top.symbols.length, 500);
    // Everything fits: the whole outline, parsed once.
    const whole = ask(100_000, 100_000);
    assert.ok(depth(whole.symbols) > 5);
    assert.ok(svc.counters.parses > analyzed.parses);
    const parsed = { ...svc.counters };
    ask(100_000, 100_000);
    assert.deepEqual(svc.counters, parsed);
    // After an edit (lines added in the middle), both as a fresh service gives them.
    const middle = large.indexOf('\nkind: Deployment\n', large.length / 2);
    large = `${large.slice(0, middle)}\n# moved down\n# by two lines${large.slice(middle)}`;
    for (const [within, limit] of [[3000, 2000], [100_000, 100_000]]) {
      const edited = ask(within, limit);
      const fresh = newService();
      assert.deepEqual(edited.symbols, getDocumentSymbols(fresh, uri, large, settings(), { maxSymbols: within }));
      assert.deepEqual(edited.folding, getFoldingRanges(fresh, uri, large, settings(), { rangeLimit: limit }));
    }
  });
});
