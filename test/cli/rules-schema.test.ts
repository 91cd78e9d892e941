import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_CHECK_IDS } from '../../server/src/cli/checks';
import type { RuleInfo } from '../../server/src/cli/rules';
import { Codes } from '../../server/src/core/diagnostics';
import { expectExit, kubesmith, repoRoot } from './helpers';

type RuleJson = RuleInfo;

describe('kubesmith rules', () => {
  it('--format json lists every rule with its fields', () => {
    const rules = JSON.parse(expectExit(kubesmith(['rules', '--format', 'json']), 0).stdout) as RuleJson[];
    assert.ok(rules.length >= 5);
    const ids = rules.map((rule) => rule.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ['run-as-non-root', 'allow-privilege-escalation', 'no-latest-tag', 'missing-liveness-probe', 'missing-readiness-probe']) assert.ok(ids.includes(id), id);
    for (const rule of rules) {
      assert.deepEqual(Object.keys(rule).sort(), ['category', 'harden', 'howToFix', 'id', 'kubeLinter', 'kubeScore', 'polaris', 'profile', 'pss', 'quickFix', 'rationale', 'severity', 'title']);
      assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(rule.severity), `${rule.id} severity`);
      assert.ok(['baseline', 'restricted', 'all'].includes(rule.profile), `${rule.id} profile`);
      assert.ok(rule.pss === null || ['baseline', 'restricted'].includes(rule.pss), `${rule.id} pss`);
      assert.ok(rule.title.length > 0 && rule.rationale.length > 0 && rule.howToFix.length > 0, `${rule.id} docs`);
    }
    const nonRoot = rules.find((rule) => rule.id === 'run-as-non-root')!;
    assert.equal(nonRoot.pss, 'restricted');
    assert.equal(nonRoot.harden, true);
    assert.deepEqual([nonRoot.kubeLinter, nonRoot.polaris], [['run-as-non-root'], ['runAsRootAllowed']]);
    assert.deepEqual(rules.find((rule) => rule.id === 'low-user-group-id')!.kubeScore, ['container-security-context-user-group-id']);
  });

  it('text lists the same rules with their documentation', () => {
    const rules = JSON.parse(kubesmith(['rules', '--format', 'json']).stdout) as RuleJson[];
    const text = expectExit(kubesmith(['rules']), 0).stdout;
    for (const rule of rules) {
      assert.ok(text.includes(`${rule.id}  ${rule.title}\n  severity ${rule.severity} · category ${rule.category} · profile ${rule.profile} · PSS ${rule.pss ?? '-'}`), rule.id);
      assert.ok(text.includes(`  Why: ${rule.rationale}\n  Fix: ${rule.howToFix}\n`), rule.id);
    }
    assert.match(text, new RegExp(`\\n${rules.length} rules\\.`));
  });
});

describe('kubesmith schema', () => {
  it('Deployment: the field tree with types, required marks, enums and descriptions', () => {
    const out = expectExit(kubesmith(['schema', 'Deployment']), 0).stdout;
    assert.ok(out.startsWith('KIND:       Deployment\nGROUP:      apps\nVERSION:    v1\nKUBERNETES: 1.36\n\nDESCRIPTION:\n    Deployment enables declarative updates for Pods and ReplicaSets.\n\nFIELDS:\n'), out.slice(0, 400));
    assert.ok(out.includes('\n  apiVersion <string>  APIVersion defines the versioned schema of this representation of an object.\n'));
    assert.ok(out.includes('\n  spec <DeploymentSpec>  Specification of the desired behavior of the Deployment.\n'));
    assert.ok(out.includes('\n    replicas <integer>  Number of desired pods.'));
    assert.ok(out.includes('\n    selector <LabelSelector> (required)  Label selector for pods.'));
    assert.ok(out.includes('\n    template <PodTemplateSpec> (required)  Template describes the pods that will be created.'));
    assert.match(out, /\n {8}containers <\[\]Container> \(required\) {2}List of containers belonging to the pod\./);
    assert.match(out, /\n {10}imagePullPolicy <string> \(enum: Always, IfNotPresent, Never\) {2}Image pull policy\./);
    assert.match(out, /\n {12}limits <map\[string\]Quantity> /);
    assert.match(out, /\n {16}port <IntOrString> \(required\) /);
    assert.match(out, /\n {6}type <string> \(enum: Recreate, RollingUpdate\) /);
  });

  it('Deployment.spec.template.spec.containers: the fields of a path', () => {
    const out = expectExit(kubesmith(['schema', 'Deployment.spec.template.spec.containers', '--depth', '1']), 0).stdout;
    assert.match(out, /^KIND: {7}Deployment\n[\s\S]*\nFIELD: {6}spec\.template\.spec\.containers <\[\]Container> \(required\)\n\nDESCRIPTION:\n {4}List of containers belonging to the pod\./);
    assert.match(out, /\nFIELDS:\n {2}args <\[\]string> /);
    assert.match(out, /\n {2}name <string> \(required\) {2}Name of the container specified as a DNS_LABEL\./);
    assert.doesNotMatch(out.slice(out.indexOf('FIELDS:')), /\n {4}\S/, '--depth 1: no nested fields');
    const leaf = expectExit(kubesmith(['schema', 'deploy.spec.replicas']), 0).stdout;
    assert.match(leaf, /\nFIELD: {6}spec\.replicas <integer>\n/);
    assert.doesNotMatch(leaf, /FIELDS:/);
  });

  it('VirtualService: a bundled CRD kind', () => {
    const out = expectExit(kubesmith(['schema', 'VirtualService', '--depth', '3']), 0).stdout;
    assert.match(out, /^KIND: {7}VirtualService\nGROUP: {6}networking\.istio\.io\nVERSION: {4}v1\n/);
    assert.match(out, /Also served as networking\.istio\.io\/v1beta1, networking\.istio\.io\/v1alpha3/);
    assert.match(out, /\n {4}hosts <\[\]string> {2}The destination hosts to which traffic is being sent\./);
    assert.match(out, /\n {4}http <\[\]Object> /);
    assert.match(out, /\n {6}route <\[\]Object> /);
    const older = expectExit(kubesmith(['schema', 'VirtualService.spec.http', '--api-version', 'networking.istio.io/v1alpha3', '--depth', '1']), 0).stdout;
    assert.match(older, /\nVERSION: {4}v1alpha3\n/);
  });

  it('picks the preferred version and names the others; --api-version chooses', () => {
    const hpa = expectExit(kubesmith(['schema', 'hpa', '--depth', '1']), 0).stdout;
    assert.match(hpa, /^KIND: {7}HorizontalPodAutoscaler\nGROUP: {6}autoscaling\nVERSION: {4}v2\n/);
    assert.match(hpa, /Also served as autoscaling\/v1; pick one with --api-version\./);
    const v1 = expectExit(kubesmith(['schema', 'HorizontalPodAutoscaler.spec', '--api-version', 'autoscaling/v1']), 0).stdout;
    assert.match(v1, /\n {2}targetCPUUtilizationPercentage <integer> /);
    const wrong = expectExit(kubesmith(['schema', 'Deployment', '--api-version', 'apps/v1beta1']), 2);
    assert.equal(wrong.stderr, 'kubesmith: Deployment is not served by `apps/v1beta1` in Kubernetes 1.36; it is served by apps/v1.\n');
  });

  it('an unknown kind or field is a clear error with a suggestion', () => {
    const kind = expectExit(kubesmith(['schema', 'Deploymnet']), 2);
    assert.equal(kind.stdout, '');
    assert.match(kind.stderr, /^kubesmith: Unknown kind `Deploymnet`; did you mean `Deployment`\?/);
    const field = expectExit(kubesmith(['schema', 'Deployment.spec.tempalte']), 2);
    assert.equal(field.stderr, 'kubesmith: `Deployment.spec` has no field `tempalte`; did you mean `template`?\n');
    const nothing = expectExit(kubesmith(['schema', 'Zzzzzzzz']), 2);
    assert.match(nothing.stderr, /^kubesmith: Unknown kind `Zzzzzzzz`\./);
    expectExit(kubesmith(['schema']), 2);
  });

  it('follows --kubernetes-version', () => {
    const old = expectExit(kubesmith(['schema', 'FlowSchema', '--kubernetes-version', '1.28', '--depth', '1']), 0).stdout;
    assert.match(old, /^KIND: {7}FlowSchema\nGROUP: {6}flowcontrol\.apiserver\.k8s\.io\nVERSION: {4}v1beta3\nKUBERNETES: 1\.28\n/);
    assert.match(expectExit(kubesmith(['schema', 'FlowSchema', '--depth', '1']), 0).stdout, /\nVERSION: {4}v1\n/);
    const notYet = expectExit(kubesmith(['schema', 'MutatingAdmissionPolicy', '--kubernetes-version', '1.30']), 2);
    assert.equal(notYet.stderr, 'kubesmith: Kubernetes 1.30 does not serve MutatingAdmissionPolicy; it is served as admissionregistration.k8s.io/v1 in 1.36, '
      + 'admissionregistration.k8s.io/v1alpha1 in 1.32–1.36, admissionregistration.k8s.io/v1beta1 in 1.34–1.36. Pick a version with --kubernetes-version.\n');
  });
});

describe('schema checks', () => {
  it('every code the core reports is described for SARIF and in docs/cli.md', () => {
    // The list of codes is the core's (from the sources), the descriptions the CLI's.
    const docs = readFileSync(join(repoRoot, 'docs', 'cli.md'), 'utf8');
    for (const code of Object.values(Codes)) {
      assert.ok(SCHEMA_CHECK_IDS.includes(code), `server/src/cli/checks.ts describes ${code}`);
      assert.ok(docs.includes(`| \`${code}\` |`), `docs/cli.md lists ${code}`);
    }
  });
});
