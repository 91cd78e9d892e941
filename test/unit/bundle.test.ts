import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { defaultPaths, generateBundle } from '../../scripts/generate-schemas';
import { descriptionFile, descriptionPart } from '../../server/src/core/schema/descriptions';
import { SchemaStore, deref } from '../../server/src/core/schema/store';
import { BundleIndex, CrdGroupBundle, DescriptionShard, VersionIndex } from '../../server/src/core/schema/types';
import { FileBundleReader } from '../../server/src/node/bundleReader';
import { repoRoot, sharedData } from '../helpers';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  }).sort();
}

const schemas = join(repoRoot, 'schemas');
const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(schemas, path), 'utf8')) as T;

describe('schema bundle', () => {
  const { data } = defaultPaths();

  it('is current: regenerating from ../shared/data gives the committed files byte for byte', function () {
    this.timeout(120_000);
    sharedData('SOURCES.md', this);
    const out = mkdtempSync(join(tmpdir(), 'kubesmith-bundle-'));
    const again = mkdtempSync(join(tmpdir(), 'kubesmith-bundle-'));
    try {
      generateBundle(data, out);
      const committed = files(schemas).map((path) => relative(schemas, path));
      const generated = files(out).map((path) => relative(out, path));
      assert.deepEqual(generated, committed, 'same file list');
      for (const path of committed) {
        assert.ok(readFileSync(join(out, path)).equals(readFileSync(join(schemas, path))), `schemas/${path} is out of date: run npm run schemas`);
      }
      generateBundle(data, again);
      for (const path of generated) assert.ok(readFileSync(join(out, path)).equals(readFileSync(join(again, path))), `${path} differs between two runs`);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('covers Kubernetes 1.28 to 1.36 and the bundled CRD groups', () => {
    const index = readJson<BundleIndex>('index.json');
    assert.deepEqual(index.kubernetesVersions, ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
    assert.equal(index.defaultKubernetesVersion, '1.36');
    assert.deepEqual(index.served['apps/v1'].Deployment, index.kubernetesVersions);
    assert.deepEqual(index.served['resource.k8s.io/v1'].DeviceClass, ['1.34', '1.35', '1.36']);
    for (const group of ['networking.istio.io', 'security.istio.io', 'flagger.app', 'cert-manager.io', 'autoscaling.k8s.io',
      'monitoring.coreos.com', 'gateway.networking.k8s.io', 'argoproj.io', 'keda.sh', 'velero.io', 'external-secrets.io']) {
      assert.ok(index.crds[group], group);
    }
    assert.deepEqual(index.crds['networking.istio.io'].VirtualService, ['v1', 'v1alpha3', 'v1beta1']);
  });

  it('shares definitions between versions instead of copying them', () => {
    const v128 = readJson<VersionIndex>('kubernetes/1.28.json');
    const v136 = readJson<VersionIndex>('kubernetes/1.36.json');
    const shared = Object.keys(v136.definitions).filter((name) => v128.definitions[name] === v136.definitions[name]);
    assert.ok(shared.length > 300, `${shared.length} definitions identical in 1.28 and 1.36 are stored once`);
    const totalBytes = files(schemas).reduce((sum, path) => sum + statSync(path).size, 0);
    assert.ok(totalBytes < 8 * 1024 * 1024, `bundle is ${totalBytes} bytes`);
  });

  it('stores repeated subtrees of a CRD group once', () => {
    const istio = readJson<CrdGroupBundle>('crds/networking.istio.io.json');
    assert.ok(Object.keys(istio.shared).length > 10);
    assert.match(JSON.stringify(istio.kinds.VirtualService.v1beta1), /"\$ref":"#[0-9a-f]{12}"/);
  });

  it('carries the enum overlay, and the descriptions apart, restored when documentation is asked for', () => {
    const core = readJson<Record<string, { properties?: Record<string, { enum?: string[]; description?: string }> }[]>>('kubernetes/definitions/io.k8s.api.core.v1.json');
    const variant = readJson<VersionIndex>('kubernetes/1.36.json').definitions['io.k8s.api.core.v1.Container'];
    const container = core['io.k8s.api.core.v1.Container'][variant];
    assert.deepEqual(container.properties?.imagePullPolicy?.enum, ['Always', 'IfNotPresent', 'Never']);
    assert.equal(container.properties?.image?.description, undefined, 'checking reads no documentation');
    // core/v1's documentation is spread over files of about 32 KB, by a hash of the definition's name.
    const parts = readJson<BundleIndex>('index.json').descriptionParts['io.k8s.api.core.v1'];
    assert.ok(parts > 10, `${parts} files`);
    const descriptions = readJson<DescriptionShard>(`kubernetes/descriptions/${descriptionFile('io.k8s.api.core.v1', descriptionPart('io.k8s.api.core.v1.Container', parts), parts)}`);
    assert.match(descriptions['io.k8s.api.core.v1.Container'][variant]['properties/image'], /Container image name/);

    const read: string[] = [];
    const reader = new FileBundleReader(schemas);
    const store = new SchemaStore({ read: (path) => (read.push(path), reader.read(path)) });
    const v136 = () => store.version('1.36');
    const image = () => deref(v136().definition('io.k8s.api.core.v1.Container')!, v136().resolve).properties?.image;
    assert.equal(image()?.description, undefined);
    assert.deepEqual(read.filter((path) => path.includes('descriptions')), [], 'checking reads no documentation');
    store.loadDescriptions();
    assert.match(image()?.description ?? '', /Container image name/);
    assert.deepEqual(read.filter((path) => path.includes('descriptions')), [`kubernetes/descriptions/${descriptionFile('io.k8s.api.core.v1', descriptionPart('io.k8s.api.core.v1.Container', parts), parts)}`], 'only the file of the definition shown');
    assert.match(deref(v136().definition('io.k8s.api.core.v1.PodSpec')!, v136().resolve).properties?.containers?.description ?? '', /List of containers/);
    assert.match(v136().definition('io.k8s.api.apps.v1.DeploymentSpec')?.properties?.replicas?.description ?? '', /Number of desired pods/);
    // The root of a kind, looked up by apiVersion and kind.
    assert.match(store.lookup('1.36', 'apps/v1', 'Deployment')?.schema.properties?.spec?.description ?? '', /desired behavior of the Deployment/);
  });
});
