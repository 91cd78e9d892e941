import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { defaultPaths, generateBundle } from '../../scripts/generate-schemas';
import { SchemaStore, deref } from '../../server/src/core/schema/store';
import { BundleIndex, CrdGroupBundle, DescriptionShard, VersionIndex } from '../../server/src/core/schema/types';
import { FileBundleReader } from '../../server/src/node/bundleReader';
import { repoRoot } from '../helpers';

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
  const haveSources = existsSync(join(data, 'SOURCES.md'));

  (haveSources ? it : it.skip)('is current: regenerating from ../shared/data gives the committed files byte for byte', function () {
    this.timeout(120_000);
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
    const descriptions = readJson<DescriptionShard>('kubernetes/descriptions/io.k8s.api.core.v1.json');
    assert.match(descriptions['io.k8s.api.core.v1.Container'][variant]['properties/image'], /Container image name/);

    const store = new SchemaStore(new FileBundleReader(schemas));
    const image = () => deref(store.version('1.36').definition('io.k8s.api.core.v1.Container')!, store.version('1.36').resolve).properties?.image;
    assert.equal(image()?.description, undefined);
    store.loadDescriptions();
    assert.match(image()?.description ?? '', /Container image name/);
    assert.match(deref(store.version('1.36').definition('io.k8s.api.core.v1.PodSpec')!, store.version('1.36').resolve).properties?.containers?.description ?? '', /List of containers/);
  });
});
