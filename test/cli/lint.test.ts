import assert from 'node:assert/strict';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { SARIF_SUBSET_SCHEMA } from './sarifSchema';
import { JsonFinding, brief, expectExit, fixture, kubesmith, parseJson, removeDir, repoRoot, tempDir, writeTree } from './helpers';

const LINT = fixture('lint');

const APP_FINDINGS: JsonFinding[] = [
  {
    file: 'app/config.yaml', line: 7, column: 9, endLine: 7, endColumn: 13, severity: 'error', rule: 'wrong-type',
    message: '`data.PORT` must be a string, not the number 8080; quote it: "8080".',
  },
  {
    // Between resources: the app's Deployment is labelled `app.kubernetes.io/name: web`.
    file: 'app/service.yaml', line: 6, column: 3, endLine: 6, endColumn: 11, severity: 'info', rule: 'selector-matches-nothing',
    message: 'No pod in namespace `default` matches this Service\'s selector (`app: api`); its traffic goes nowhere.',
  },
  {
    file: 'app/service.yaml', line: 11, column: 5, endLine: 11, endColumn: 12, severity: 'error', rule: 'unknown-field',
    message: '`protocl` is not a field of `spec.ports[0]`; did you mean `protocol`?',
  },
  {
    file: 'app/service.yaml', line: 17, column: 1, endLine: 17, endColumn: 5, severity: 'error', rule: 'missing-required',
    message: '`spec` is missing the required field `maxReplicas`.',
  },
  {
    file: 'app/service.yaml', line: 17, column: 1, endLine: 17, endColumn: 5, severity: 'error', rule: 'missing-required',
    message: '`spec` is missing the required field `scaleTargetRef`.',
  },
];

describe('kubesmith lint: output formats', () => {
  it('json: every finding, 1-based, relative paths, sorted by file, line, column', () => {
    const result = expectExit(kubesmith(['lint', 'app', '--format', 'json'], { cwd: LINT }), 1);
    assert.deepEqual(parseJson(result), APP_FINDINGS);
    assert.equal(result.stderr, '');
  });

  it('json: the same findings whatever the order and form of the arguments', () => {
    const result = expectExit(kubesmith(['lint', 'app/service.yaml', './app/', 'app/config.yaml', '--format=json'], { cwd: LINT }), 1);
    assert.deepEqual(parseJson(result), APP_FINDINGS);
  });

  it('json: an empty array when there is nothing to report', () => {
    const result = expectExit(kubesmith(['lint', 'clean', 'notk8s', '--format', 'json'], { cwd: LINT }), 0);
    assert.equal(result.stdout, '[]\n');
  });

  it('text: findings grouped by file, aligned, then a summary line', () => {
    const result = expectExit(kubesmith(['lint', 'app'], { cwd: LINT }), 1);
    assert.equal(result.stdout, [
      'app/config.yaml',
      '  app/config.yaml:7:9  error    wrong-type  `data.PORT` must be a string, not the number 8080; quote it: "8080".',
      '',
      'app/service.yaml',
      '  app/service.yaml:6:3   info     selector-matches-nothing  No pod in namespace `default` matches this Service\'s selector (`app: api`); its traffic goes nowhere.',
      '  app/service.yaml:11:5  error    unknown-field             `protocl` is not a field of `spec.ports[0]`; did you mean `protocol`?',
      '  app/service.yaml:17:1  error    missing-required          `spec` is missing the required field `maxReplicas`.',
      '  app/service.yaml:17:1  error    missing-required          `spec` is missing the required field `scaleTargetRef`.',
      '',
      '5 problems (4 errors, 0 warnings, 1 info) in 2 files (3 checked)',
      '',
    ].join('\n'));
  });

  it('text: a clean run says so', () => {
    const result = expectExit(kubesmith(['lint', 'clean', 'notk8s'], { cwd: LINT }), 0);
    assert.equal(result.stdout, 'No problems (3 files checked)\n');
  });

  it('text: warnings and info are counted in the summary', () => {
    const result = expectExit(kubesmith(['lint', 'warnings', 'info', 'app'], { cwd: LINT }), 1);
    // The info: no-latest-tag in info/, the app's Service selecting no pod, and the web Deployment
    // and Service that app/, info/ and warnings/ all define (duplicates, between resources).
    assert.match(result.stdout, /^13 problems \(4 errors, 1 warning, 8 info\) in 5 files \(6 checked\)$/m);
    assert.match(result.stdout, /^ {2}warnings\/web\.yaml:25:16 {2}warning {2}no-latest-tag +Image `ghcr\.io\/example\/web:latest`/m);
    assert.match(result.stdout, /^ {2}info\/web\.yaml:25:16 {2}info {5}no-latest-tag/m);
  });

  it('text: colours on request (FORCE_COLOR), never with NO_COLOR or --no-color', () => {
    const forced = kubesmith(['lint', 'app'], { cwd: LINT, env: { FORCE_COLOR: '1' } });
    assert.match(forced.stdout, /\u001b\[31merror/);
    assert.doesNotMatch(kubesmith(['lint', 'app'], { cwd: LINT, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout, /\u001b\[/);
    assert.doesNotMatch(kubesmith(['lint', 'app', '--no-color'], { cwd: LINT, env: { FORCE_COLOR: '1' } }).stdout, /\u001b\[/);
    assert.doesNotMatch(kubesmith(['lint', 'app'], { cwd: LINT }).stdout, /\u001b\[/, 'no colour when stdout is not a terminal');
  });

  it('sarif: valid against the SARIF 2.1.0 structure, with ruleIndex pointing at the right rule', () => {
    const result = expectExit(kubesmith(['lint', 'app', 'warnings', '--format', 'sarif'], { cwd: LINT }), 1);
    const sarif = JSON.parse(result.stdout);
    const ajv = new Ajv({
      allErrors: true, strict: true, strictRequired: false,
      formats: {
        uri: (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value) && !/\s/.test(value),
        'uri-reference': (value: string) => !/[\s<>"{}|\\^`]/.test(value),
      },
    });
    const validate = ajv.compile(SARIF_SUBSET_SCHEMA);
    assert.ok(validate(sarif), ajv.errorsText(validate.errors, { separator: '\n' }));

    const run = sarif.runs[0];
    const rules: { id: string }[] = run.tool.driver.rules;
    const ruleIds = rules.map((rule) => rule.id);
    assert.equal(new Set(ruleIds).size, ruleIds.length, 'rule ids are unique');
    const documented = JSON.parse(kubesmith(['rules', '--format', 'json']).stdout).map((rule: { id: string }) => rule.id);
    for (const id of documented) assert.ok(ruleIds.includes(id), `driver.rules lists ${id}`);
    for (const code of ['wrong-type', 'unknown-field', 'missing-required']) assert.ok(ruleIds.includes(code), `driver.rules lists the schema check ${code}`);

    assert.equal(run.results.length, 10);
    for (const finding of run.results) {
      assert.equal(rules[finding.ruleIndex].id, finding.ruleId, `ruleIndex of ${finding.ruleId}`);
      assert.equal(finding.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    }
    const locations = run.results.map((r: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[] }) =>
      `${r.locations[0].physicalLocation.artifactLocation.uri} ${JSON.stringify(r.locations[0].physicalLocation.region)} ${r.ruleId} ${r.level}`);
    assert.deepEqual(locations, [
      'app/config.yaml {"startLine":7,"startColumn":9,"endLine":7,"endColumn":13} wrong-type error',
      'app/service.yaml {"startLine":6,"startColumn":3,"endLine":6,"endColumn":11} selector-matches-nothing note',
      'app/service.yaml {"startLine":11,"startColumn":5,"endLine":11,"endColumn":12} unknown-field error',
      'app/service.yaml {"startLine":17,"startColumn":1,"endLine":17,"endColumn":5} missing-required error',
      'app/service.yaml {"startLine":17,"startColumn":1,"endLine":17,"endColumn":5} missing-required error',
      'app/web.yaml {"startLine":5,"startColumn":9,"endLine":5,"endColumn":12} duplicate-resource note',
      'app/web.yaml {"startLine":56,"startColumn":9,"endLine":56,"endColumn":12} duplicate-resource note',
      'warnings/web.yaml {"startLine":5,"startColumn":9,"endLine":5,"endColumn":12} duplicate-resource note',
      'warnings/web.yaml {"startLine":25,"startColumn":16,"endLine":25,"endColumn":42} no-latest-tag warning',
      'warnings/web.yaml {"startLine":56,"startColumn":9,"endLine":56,"endColumn":12} duplicate-resource note',
    ]);
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${LINT}/`);
  });

  it('sarif: paths with spaces are percent-encoded', () => {
    const dir = tempDir();
    try {
      writeTree(dir, { 'my manifests/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  A: 1\n' });
      const sarif = JSON.parse(expectExit(kubesmith(['lint', '--format', 'sarif'], { cwd: dir }), 1).stdout);
      assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'my%20manifests/cm.yaml');
      assert.deepEqual(brief(parseJson(kubesmith(['lint', '--format', 'json'], { cwd: dir }))), ['my manifests/cm.yaml:6 wrong-type']);
    } finally {
      removeDir(dir);
    }
  });
});

describe('kubesmith lint: exit codes', () => {
  it('0 when nothing at or above --fail-on is found, 1 when something is', () => {
    expectExit(kubesmith(['lint', 'clean'], { cwd: LINT }), 0);
    expectExit(kubesmith(['lint', 'app'], { cwd: LINT }), 1);
    expectExit(kubesmith(['lint', 'warnings'], { cwd: LINT }), 0);
    expectExit(kubesmith(['lint', 'warnings', '--fail-on', 'warning'], { cwd: LINT }), 1);
    expectExit(kubesmith(['lint', 'warnings', '--fail-on', 'error'], { cwd: LINT }), 0);
    expectExit(kubesmith(['lint', 'info', '--fail-on', 'warning'], { cwd: LINT }), 0);
    expectExit(kubesmith(['lint', 'info', '--fail-on', 'info'], { cwd: LINT }), 1);
    expectExit(kubesmith(['lint', 'warnings', '--fail-on', 'info'], { cwd: LINT }), 1);
  });

  it('--pod-security (or podSecurity.enforce in .kubesmith.yaml) makes the enforced level\'s violations errors', () => {
    const dir = tempDir();
    try {
      const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: tools\nspec:\n  hostNetwork: true\n  containers:\n  - name: tools\n    image: example/tools:1.0.0\n';
      writeTree(dir, { 'pod.yaml': pod, 'enforced/pod.yaml': pod, 'enforced/.kubesmith.yaml': 'podSecurity:\n  enforce: baseline\n' });
      const levelOf = (findings: JsonFinding[]) => findings.filter((finding) => finding.rule === 'host-network').map((finding) => `${finding.file} ${finding.severity}`);
      // By default a warning: the API server accepts the pod.
      assert.deepEqual(levelOf(parseJson(expectExit(kubesmith(['lint', 'pod.yaml', '--format', 'json'], { cwd: dir }), 0))), ['pod.yaml warning']);
      assert.deepEqual(levelOf(parseJson(expectExit(kubesmith(['lint', 'pod.yaml', '--format', 'json', '--pod-security', 'baseline'], { cwd: dir }), 1))), ['pod.yaml error']);
      assert.deepEqual(levelOf(parseJson(expectExit(kubesmith(['lint', 'enforced', '--format', 'json'], { cwd: dir }), 1))), ['enforced/pod.yaml error']);
      const invalid = expectExit(kubesmith(['lint', '--pod-security', 'strict'], { cwd: dir }), 2);
      assert.match(invalid.stderr, /Invalid value `strict` for `--pod-security`: expected none, baseline, restricted/);
    } finally {
      removeDir(dir);
    }
  });

  it('--quiet reports errors only, and only what it reports can fail the run', () => {
    const quiet = expectExit(kubesmith(['lint', 'warnings', 'info', '--quiet', '--fail-on', 'info'], { cwd: LINT }), 0);
    assert.equal(quiet.stdout, 'No problems (3 files checked)\n');
    const errors = expectExit(kubesmith(['lint', 'app', 'warnings', '-q', '--format', 'json'], { cwd: LINT }), 1);
    assert.deepEqual(parseJson(errors), APP_FINDINGS.filter((f) => f.severity === 'error'));
  });

  it('1 for what the API server would reject beyond the schema: a Deployment named `My_App` with `containerPort: 70000`', () => {
    const dir = tempDir();
    try {
      writeTree(dir, {
        'app.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: My_App\nspec:\n  selector:\n    matchLabels:\n      app: my-app\n  template:\n'
          + '    metadata:\n      labels:\n        app: my-app\n    spec:\n      containers:\n      - name: app\n        image: app:1.0.0\n        ports:\n        - containerPort: 70000\n',
      });
      const result = expectExit(kubesmith(['lint', 'app.yaml', '--format', 'json', '--quiet'], { cwd: dir }), 1);
      assert.deepEqual(parseJson(result), [
        {
          file: 'app.yaml', line: 4, column: 9, endLine: 4, endColumn: 15, severity: 'error', rule: 'server-name',
          message: '`My_App` is not a valid Deployment name: lowercase letters, digits, `-` and `.` only, starting and ending with a letter or digit.',
        },
        {
          file: 'app.yaml', line: 18, column: 26, endLine: 18, endColumn: 31, severity: 'error', rule: 'server-port',
          message: '`70000` is not a valid port number for `containerPort`: use 1 to 65535.',
        },
      ]);
      assert.equal(result.stderr, '');
    } finally {
      removeDir(dir);
    }
  });

  it('2 for a missing file, with a clear message', () => {
    const result = expectExit(kubesmith(['lint', 'app', 'nope.yaml'], { cwd: LINT }), 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, 'kubesmith: Cannot read nope.yaml: no such file or folder\n');
  });

  it('2 for a glob that matches nothing', () => {
    const result = expectExit(kubesmith(['lint', 'nothing/**/*.yaml'], { cwd: LINT }), 2);
    assert.equal(result.stderr, 'kubesmith: No files match nothing/**/*.yaml.\n');
  });

  it('2 for a file that cannot be read', () => {
    const dir = tempDir();
    try {
      writeTree(dir, { 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n', 'secret.yaml': 'apiVersion: v1\n' });
      if (process.getuid?.() !== 0) {
        chmodSync(join(dir, 'secret.yaml'), 0o000);
        const denied = expectExit(kubesmith(['lint', '.'], { cwd: dir }), 2);
        assert.equal(denied.stderr, 'kubesmith: Cannot read secret.yaml: permission denied\n');
      }
      // Root reads everything: a path through a file fails for everyone.
      const notFolder = expectExit(kubesmith(['lint', 'ok.yaml/inner.yaml'], { cwd: dir }), 2);
      assert.equal(notFolder.stderr, 'kubesmith: Cannot read ok.yaml/inner.yaml: not a folder\n');
      const folder = expectExit(kubesmith(['harden', '.'], { cwd: dir }), 2);
      assert.match(folder.stderr, /^kubesmith: \. is a folder; harden takes files/);
    } finally {
      removeDir(dir);
    }
  });

  it('2 for an unknown command, option or option value', () => {
    const command = expectExit(kubesmith(['lnt']), 2);
    assert.equal(command.stderr, 'kubesmith: Unknown command `lnt`; did you mean `lint`?\nRun `kubesmith --help` for usage.\n');
    const option = expectExit(kubesmith(['lint', '--formt', 'json']), 2);
    assert.equal(option.stderr, 'kubesmith: Unknown option `--formt`; did you mean `--format`?\nRun `kubesmith lint --help` for usage.\n');
    const value = expectExit(kubesmith(['lint', '--format', 'xml']), 2);
    assert.equal(value.stderr, 'kubesmith: Invalid value `xml` for `--format`: expected text, json, sarif.\nRun `kubesmith lint --help` for usage.\n');
    const failOn = expectExit(kubesmith(['lint', '--fail-on', 'warnings']), 2);
    assert.match(failOn.stderr, /Invalid value `warnings` for `--fail-on`: expected error, warning, info \(did you mean `warning`\?\)/);
    const version = expectExit(kubesmith(['lint', '--kubernetes-version', '1.12']), 2);
    assert.match(version.stderr, /^kubesmith: Unknown Kubernetes version `1\.12`: Kubesmith bundles 1\.28, .*1\.36\.\n/);
    const profile = expectExit(kubesmith(['lint', '--profile', 'strict']), 2);
    assert.match(profile.stderr, /Invalid value `strict` for `--profile`: expected baseline, restricted, all/);
    const missing = expectExit(kubesmith(['lint', '--format']), 2);
    assert.match(missing.stderr, /The option `--format` needs a value \(text, json, sarif\)/);
    expectExit(kubesmith([]), 2);
  });

  it('--help and --version', () => {
    const help = expectExit(kubesmith(['--help']), 0);
    assert.match(help.stdout, /^Usage: kubesmith <command> \[options\]/);
    for (const command of ['lint', 'harden', 'rules', 'schema']) {
      const own = expectExit(kubesmith([command, '--help']), 0);
      assert.match(own.stdout, new RegExp(`^Usage: kubesmith ${command}`), command);
      assert.equal(expectExit(kubesmith(['help', command]), 0).stdout, own.stdout);
    }
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    assert.equal(expectExit(kubesmith(['--version']), 0).stdout, `${pkg.version}\n`);
  });
});

describe('kubesmith lint: standard input', () => {
  it('reads `-` and reports it as <stdin>', () => {
    const input = readFileSync(join(LINT, 'app', 'service.yaml'), 'utf8');
    const result = expectExit(kubesmith(['lint', '-', '--format', 'json'], { cwd: LINT, input }), 1);
    // Alone, the Service is the whole workspace: no pod to select, so no finding about its selector.
    assert.deepEqual(parseJson(result), APP_FINDINGS.filter((f) => f.file === 'app/service.yaml' && f.severity === 'error').map((f) => ({ ...f, file: '<stdin>' })));
    const text = expectExit(kubesmith(['lint', '-'], { cwd: LINT, input }), 1);
    assert.match(text.stdout, /^<stdin>\n {2}<stdin>:11:5 {2}error {4}unknown-field/);
  });

  it('mixes standard input with files', () => {
    const result = expectExit(kubesmith(['lint', 'app/config.yaml', '-', '--format', 'json'], { cwd: LINT, input: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: {}\n' }), 1);
    assert.deepEqual(brief(parseJson(result)), ['<stdin>:5 missing-required', 'app/config.yaml:7 wrong-type']);
  });

  it('clean standard input exits 0', () => {
    expectExit(kubesmith(['lint', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\ndata:\n  A: "1"\n' }), 0);
    expectExit(kubesmith(['lint', '-'], { input: '' }), 0);
  });
});
