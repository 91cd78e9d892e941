import assert from 'node:assert/strict';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { brief, expectExit, fixture, hardenedDeployment, kubesmith, parseJson, removeDir, tempDir, writeTree } from './helpers';

const BAD_CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  A: 1\n`;

describe('kubesmith lint: which files', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => removeDir(dir));

  it('honours .gitignore files (nested ones and negations), and skips node_modules and .git', () => {
    writeTree(dir, {
      '.gitignore': 'generated/\n*.local.yaml\n!keep.local.yaml\n',
      'generated/cm.yaml': BAD_CM('generated'),
      'x.local.yaml': BAD_CM('local'),
      'keep.local.yaml': BAD_CM('kept'),
      'sub/.gitignore': 'ignored.yaml\n',
      'sub/ignored.yaml': BAD_CM('ignored'),
      'sub/checked.yaml': BAD_CM('checked'),
      'node_modules/pkg/cm.yaml': BAD_CM('module'),
      '.git/cm.yaml': BAD_CM('git'),
      'notes.txt': 'not yaml',
    });
    const result = parseJson(expectExit(kubesmith(['lint', '--format', 'json'], { cwd: dir }), 1));
    assert.deepEqual(brief(result), ['keep.local.yaml:6 wrong-type', 'sub/checked.yaml:6 wrong-type']);
    // A subfolder scanned on its own still honours the .gitignore files above it.
    assert.deepEqual(brief(parseJson(kubesmith(['lint', 'sub', '--format', 'json'], { cwd: dir }))), ['sub/checked.yaml:6 wrong-type']);
    // Named explicitly, an ignored file is checked.
    assert.deepEqual(brief(parseJson(kubesmith(['lint', 'sub/ignored.yaml', '--format', 'json'], { cwd: dir }))), ['sub/ignored.yaml:6 wrong-type']);
  });

  it('honours the .gitignore of the repository above the scanned folder', () => {
    writeTree(dir, { 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/.gitignore': 'k8s/out/\n', 'repo/k8s/out/cm.yaml': BAD_CM('out'), 'repo/k8s/app/cm.yaml': BAD_CM('app') });
    assert.deepEqual(brief(parseJson(kubesmith(['lint', 'k8s', '--format', 'json'], { cwd: join(dir, 'repo') }))), ['k8s/app/cm.yaml:6 wrong-type']);
    assert.deepEqual(brief(parseJson(kubesmith(['lint', '.', '--format', 'json'], { cwd: join(dir, 'repo', 'k8s') }))), ['app/cm.yaml:6 wrong-type']);
  });

  it('globs, with the same exclusions', () => {
    writeTree(dir, { '.gitignore': 'skip.yaml\n', 'a/one.yaml': BAD_CM('one'), 'a/b/two.yaml': BAD_CM('two'), 'a/skip.yaml': BAD_CM('skip'), 'a/three.yml': BAD_CM('three'), 'node_modules/x.yaml': BAD_CM('x') });
    assert.deepEqual(brief(parseJson(kubesmith(['lint', '**/*.yaml', '--format', 'json'], { cwd: dir }))), ['a/b/two.yaml:6 wrong-type', 'a/one.yaml:6 wrong-type']);
    assert.deepEqual(brief(parseJson(kubesmith(['lint', 'a/*.y*ml', '--format', 'json'], { cwd: dir }))), ['a/one.yaml:6 wrong-type', 'a/three.yml:6 wrong-type']);
  });

  it('JSON and non-Kubernetes YAML yield nothing; YAML and JSON manifests are checked', () => {
    writeTree(dir, {
      'compose.yaml': 'services:\n  web:\n    image: nginx\n',
      'package.json': '{"name": "x", "version": "1.0.0"}\n',
      'cm.json': '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"A": 1}}\n',
      'values.yaml': 'replicaCount: 1\nimage:\n  tag: latest\n',
    });
    assert.deepEqual(brief(parseJson(kubesmith(['lint', '--format', 'json'], { cwd: dir }))), ['cm.json:1 wrong-type']);
    assert.equal(kubesmith(['lint'], { cwd: dir }).stdout.trim().split('\n').pop(), '1 problem (1 error, 0 warnings, 0 info) in 1 file (4 checked)');
  });

  it('follows symbolic links without looping', () => {
    writeTree(dir, { 'real/cm.yaml': BAD_CM('real') });
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    symlinkSync(dir, join(dir, 'real', 'loop'));
    const findings = brief(parseJson(kubesmith(['lint', '--format', 'json'], { cwd: dir })));
    assert.equal(findings.length, 1, findings.join('\n'));
  });

  it('a CRD among the inputs validates its custom resources', () => {
    const cwd = fixture('crd');
    const together = parseJson(expectExit(kubesmith(['lint', '--format', 'json'], { cwd }), 1));
    assert.deepEqual(together.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.message}`), [
      'resources/nightly.yaml:5:1 missing-required `spec` is missing the required field `target`.',
      'resources/nightly.yaml:7:18 invalid-value `retentionDays` must be at most 90.',
      'resources/nightly.yaml:8:3 unknown-field `targett` is not a field of `spec`; did you mean `target`?',
    ]);
    // Named together on the command line, too.
    assert.deepEqual(parseJson(kubesmith(['lint', 'resources/nightly.yaml', 'crds/backup-crd.yaml', '--format', 'json'], { cwd })), together);
    // Both through standard input, as `helm template` prints them.
    const input = `${readFileSync(join(cwd, 'crds', 'backup-crd.yaml'), 'utf8')}---\n${readFileSync(join(cwd, 'resources', 'nightly.yaml'), 'utf8')}`;
    const stdin = parseJson(expectExit(kubesmith(['lint', '-', '--format', 'json'], { cwd, input }), 1));
    assert.deepEqual(stdin.map((f) => `${f.line} ${f.rule}`), ['38 missing-required', '40 invalid-value', '41 unknown-field']);
    // Without its CRD, the resource cannot be validated.
    const alone = parseJson(expectExit(kubesmith(['lint', 'resources', '--format', 'json'], { cwd }), 0));
    assert.deepEqual(brief(alone), ['resources/nightly.yaml:1 no-schema']);
  });

  it('a kustomize patch is partial: no missing required fields', () => {
    const cwd = fixture('kustomize');
    assert.equal(expectExit(kubesmith(['lint', '--format', 'json'], { cwd }), 0).stdout, '[]\n');
    // The patch named alone: the kustomization next to it is still read.
    assert.equal(expectExit(kubesmith(['lint', 'overlays/prod/replicas.yaml', '--format', 'json'], { cwd }), 0).stdout, '[]\n');
    assert.equal(expectExit(kubesmith(['lint', 'replicas.yaml', '--format', 'json'], { cwd: join(cwd, 'overlays', 'prod') }), 0).stdout, '[]\n');
    // The same file outside the kustomization is an incomplete Deployment.
    const stdin = parseJson(expectExit(kubesmith(['lint', '-', '--format', 'json'], { cwd, input: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5\n' }), 1));
    assert.deepEqual(brief(stdin), ['<stdin>:5 missing-required', '<stdin>:5 missing-required']);
  });
});

describe('kubesmith lint: worker threads', () => {
  let dir: string;
  before(() => {
    dir = tempDir();
    const files: Record<string, string> = {
      'crds/widget-crd.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
`,
      'overlay/kustomization.yaml': 'resources:\n- ../apps/app-000.yaml\npatches:\n- path: patch.yaml\n',
      'overlay/patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-000\nspec:\n  replicas: 3\n',
    };
    for (let i = 0; i < 120; i++) {
      const id = String(i).padStart(3, '0');
      files[`apps/app-${id}.yaml`] = `${hardenedDeployment(`app-${id}`, i % 10 === 0 ? `ghcr.io/example/app:latest` : undefined)}---
apiVersion: v1
kind: Service
metadata:
  name: app-${id}
spec:
  selector:
    app: app-${id}
  ports:
  - port: 80
    targetPort: ${i % 17 === 0 ? '"eighty"' : 8080}
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w-${id}
spec:
  size: ${i % 25 === 0 ? '"big"' : 3}
`;
    }
    writeTree(dir, files);
  });
  after(() => removeDir(dir));

  it('give the same results as checking in-process, CRDs and kustomizations included', () => {
    const inProcess = expectExit(kubesmith(['lint', '--jobs', '1', '--format', 'json'], { cwd: dir }), 1);
    const byDefault = expectExit(kubesmith(['lint', '--format', 'json'], { cwd: dir }), 1);
    const parallel = expectExit(kubesmith(['lint', '--jobs', '2', '--format', 'json'], { cwd: dir }), 1);
    const forced = expectExit(kubesmith(['lint', '--jobs', '3', '--format', 'json'], { cwd: dir }), 1);
    assert.equal(byDefault.stdout, inProcess.stdout);
    assert.equal(parallel.stdout, inProcess.stdout);
    assert.equal(forced.stdout, inProcess.stdout);
    const findings = parseJson(inProcess);
    assert.equal(findings.filter((f) => f.rule === 'no-latest-tag').length, 12);
    assert.equal(findings.filter((f) => f.rule === 'wrong-type' && f.message.includes('size')).length, 5, 'Widgets are validated by the CRD found in the run');
    assert.ok(!findings.some((f) => f.file === 'overlay/patch.yaml'), 'the patch is partial in the workers too');
    assert.ok(!findings.some((f) => f.rule === 'no-schema'));
    const text = kubesmith(['lint'], { cwd: dir });
    assert.match(text.stdout, /\(123 checked\)\n$/);
  });

  it('check each folder with its own .kubesmith.yaml, as in-process', () => {
    const nested = tempDir();
    try {
      const files: Record<string, string> = {
        // Kubernetes 1.28 does not serve DeviceClass in resource.k8s.io/v1; the baseline profile has no run-as-non-root.
        'old/.kubesmith.yaml': 'kubernetesVersion: "1.28"\nprofile: baseline\n',
      };
      const device = 'apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata:\n  name: gpu\nspec: {}\n';
      for (let i = 0; i < 40; i++) {
        for (const folder of ['new', 'old']) files[`${folder}/app-${String(i).padStart(2, '0')}.yaml`] = `${hardenedDeployment(`app-${i}`)}---\n${device}`;
      }
      files['new/root.yaml'] = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n';
      files['old/root.yaml'] = files['new/root.yaml'];
      writeTree(nested, files);
      const inProcess = expectExit(kubesmith(['lint', '--jobs', '1', '--format', 'json'], { cwd: nested }), 1);
      const parallel = expectExit(kubesmith(['lint', '--jobs', '2', '--format', 'json'], { cwd: nested }), 1);
      assert.equal(parallel.stdout, inProcess.stdout);
      const findings = parseJson(parallel);
      const count = (folder: string, rule: string) => findings.filter((f) => f.file.startsWith(`${folder}/`) && f.rule === rule).length;
      assert.equal(count('old', 'api-not-served'), 40, '1.28 in old/');
      assert.equal(count('new', 'api-not-served'), 0, '1.36 in new/');
      assert.equal(count('old', 'run-as-non-root'), 0, 'baseline in old/');
      assert.ok(count('new', 'run-as-non-root') > 0, 'restricted in new/');
    } finally {
      removeDir(nested);
    }
  });

  it('read standard input along with the files the threads read', () => {
    const input = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: piped\nspec:\n  size: "huge"\n';
    const inProcess = expectExit(kubesmith(['lint', '-', 'apps', 'crds', '--jobs', '1', '--format', 'json'], { cwd: dir, input }), 1);
    const parallel = expectExit(kubesmith(['lint', '-', 'apps', 'crds', '--jobs', '2', '--format', 'json'], { cwd: dir, input }), 1);
    assert.equal(parallel.stdout, inProcess.stdout);
    assert.deepEqual(parseJson(parallel).filter((f) => f.file === '<stdin>').map((f) => `${f.line} ${f.rule}`), ['6 wrong-type']);
  });

  it('stop with exit 2 on a file that cannot be read, as in-process', () => {
    const broken = tempDir();
    try {
      const files: Record<string, string> = {};
      for (let i = 0; i < 60; i++) files[`cm-${String(i).padStart(2, '0')}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n`;
      writeTree(broken, files);
      // A file every user fails to read (as root too): reading /proc/self/mem is an I/O error.
      symlinkSync('/proc/self/mem', join(broken, 'cm-30-broken.yaml'));
      const inProcess = expectExit(kubesmith(['lint', '--jobs', '1'], { cwd: broken }), 2);
      const parallel = expectExit(kubesmith(['lint', '--jobs', '2'], { cwd: broken }), 2);
      assert.equal(inProcess.stderr, 'kubesmith: Cannot read cm-30-broken.yaml: EIO: i/o error, read\n');
      assert.equal(parallel.stderr, inProcess.stderr);
      assert.equal(parallel.stdout, '');
    } finally {
      removeDir(broken);
    }
  });

  it('reject a bad --jobs value', () => {
    const result = expectExit(kubesmith(['lint', '--jobs', 'many'], { cwd: dir }), 2);
    assert.match(result.stderr, /Invalid value `many` for `--jobs`/);
  });
});
