import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contributorLabel, knownKinds } from '../../client/src/yamlLabel';
import { analyze, repoRoot } from '../helpers';

/**
 * The label of Kubesmith's schema contributor for Red Hat's YAML extension (client/src/yamlLabel.ts).
 * The e2e coexistence suite proves what the YAML extension does with it; these tests pin which
 * texts it matches.
 */

const bundle = {
  index: JSON.parse(readFileSync(join(repoRoot, 'schemas', 'index.json'), 'utf8')),
  lifecycle: JSON.parse(readFileSync(join(repoRoot, 'schemas', 'api-lifecycle.json'), 'utf8')),
};

/** What the YAML extension 1.24 does with a label (src/schema-extension-api.ts, registerContributor). */
function asTheYamlExtensionDoes(label: string): RegExp {
  const [first, second] = label.split(':');
  const source = first && second ? `${first}:[\t ]+${second.trim().replaceAll('.', '\\.')}` : label;
  return new RegExp(source, 'g');
}

describe('the YAML extension contributor label', () => {
  const kinds = knownKinds(bundle);
  const { label, pattern } = contributorLabel(kinds);

  it('knows the built-in kinds, the bundled custom resources and the removed kinds, not List', () => {
    for (const kind of ['Deployment', 'Service', 'CronJob', 'Canary', 'VirtualService', 'Certificate', 'PodSecurityPolicy']) {
      assert.ok(kinds.includes(kind), `${kind} is not among the known kinds`);
    }
    for (const kind of ['List', 'Kustomization', 'Config', 'Cluster']) assert.ok(!kinds.includes(kind), `${kind} is among the known kinds`);
  });

  it('becomes, in the YAML extension\'s hands, the pattern Kubesmith tests documents with', () => {
    assert.equal(label.split(':').length, 2, 'the label must have exactly one colon');
    assert.equal(asTheYamlExtensionDoes(label).source, pattern.source);
  });

  it('matches a top-level kind Kubesmith knows, and nothing else', () => {
    const doc = (kindLine: string, before = 'apiVersion: apps/v1\n') => `# a comment\n${before}${kindLine}\nmetadata:\n  name: web\n`;
    const matching = [
      doc('kind: Deployment'), doc('kind: "Deployment"'), doc("kind: 'Service'"), doc('kind:\tConfigMap'),
      doc('kind: Deployment # the web app'), doc('kind: Deployment\r'), 'kind: Pod', `${doc('kind: Kustomization')}---\n${doc('kind: Secret')}`,
    ];
    const other = [
      doc('kind: Kustomization', 'apiVersion: kustomize.config.k8s.io/v1beta1\n'), doc('kind: Widget', 'apiVersion: example.com/v1\n'),
      doc('kind: DeploymentX'), doc('  kind: Deployment'), doc('kinds: Deployment'), doc('kind: List'),
      'scaleTargetRef:\n  kind: Deployment\n', 'services:\n  web:\n    image: nginx\n',
    ];
    for (const text of matching) assert.ok(pattern.test(text), `does not match: ${JSON.stringify(text)}`);
    for (const text of other) assert.ok(!pattern.test(text), `matches: ${JSON.stringify(text)}`);
  });

  it('matches every document Kubesmith checks with its kind on a top-level line (the examples and fixtures)', () => {
    for (const name of ['good/web-app.yaml', 'good/istio-canary.yaml', 'bad/typos-and-types.yaml', 'bad/old-blog-post.yaml']) {
      const text = readFileSync(join(repoRoot, 'examples', name), 'utf8');
      const checked = analyze(text).documents.some((document) => document.analysis.resources.some((resource) => !['no-schema', 'not-a-resource'].includes(resource.resolution.status)));
      assert.ok(checked && pattern.test(text), `${name}: checked ${checked}, matched ${pattern.test(text)}`);
    }
  });
});
