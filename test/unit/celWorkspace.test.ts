import { strict as assert } from 'node:assert';
import { KubesmithService } from '../../server/src/core/service';
import { compileRegex } from '../../server/src/core/validation/regex';
import { onCelLog } from '../../server/src/core/validation/cel/report';
import { fixture, lint, newService } from '../helpers';

/**
 * CEL rules of a CRD found in the workspace (test/fixtures/cel/workspace/widget-crd.yaml): the
 * team's own rules, with fieldPath, messageExpression, escaped property names, defaults,
 * int-or-string and number typing; and a workspace CRD as untrusted input (issue 17): a
 * catastrophic `pattern`, a catastrophic regex in a rule, and an expensive rule must not freeze
 * the server, and must still give the right verdict.
 */

const CRD_URI = 'file:///w/widget-crd.yaml';
const URI = 'file:///w/widget.yaml';

function widget(spec: string): string {
  return `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
${spec}`;
}

describe('CEL rules of workspace CRDs', () => {
  let svc: KubesmithService;
  const logged: string[] = [];
  let stopLogging: () => void;

  before(() => {
    stopLogging = onCelLog((line) => logged.push(line));
    svc = newService();
    assert.equal(svc.workspace.updateFile(CRD_URI, fixture('cel/workspace/widget-crd.yaml')), true);
  });
  after(() => stopLogging());

  it('evaluates the CRD\'s own rules where they are declared, with fieldPath and messageExpression', () => {
    const spec = `  minReplicas: 5
  maxReplicas: 2
  x-mode: turbo
  namespace: kube-system
  interval: 2h
  port: 70000
  labels:
    app: web
    a-very-long-key: x
`;
    assert.deepEqual(lint(widget(spec), {}, URI, svc), [
      '5:1-5:5 server-cel `spec` is not valid: x-mode must be fast or safe, not turbo (CEL rule of example.com Widget).',
      '5:1-5:5 server-cel `spec` is not valid: widgets do not go in kube-system (CEL rule of example.com Widget).',
      '5:1-5:5 server-cel `spec` is not valid: the interval is at most an hour (CEL rule of example.com Widget).',
      // fieldPath `.minReplicas`: reported at that field, not at `spec`.
      '6:16-6:17 server-cel `5` is not valid for `spec.minReplicas`: minReplicas must not be above maxReplicas (CEL rule of example.com Widget).',
      '11:9-11:14 server-cel `70000` is not valid for `spec.port`: port is a number from 1 to 65535 or a port name (CEL rule of example.com Widget).',
      '12:3-12:9 server-cel `spec.labels` is not valid: label keys are at most 10 characters; a-very-long-key is longer (CEL rule of example.com Widget).',
    ]);
  });

  it('passes a valid widget: defaults filled in (interval 5m), int-or-string as a name, a whole number as a double', () => {
    const spec = `  minReplicas: 1
  maxReplicas: 2
  x-mode: fast
  ratio: 1
  port: http
  labels:
    app: web
  code: aaa
`;
    assert.deepEqual(lint(widget(spec), {}, URI, svc), []);
    // `ratio: 1` is a number field: CEL sees the double 1.0, and `2` breaks `self <= 1`.
    assert.deepEqual(lint(widget(spec.replace('ratio: 1', 'ratio: 2')), {}, URI, svc),
      ['9:10-9:11 server-cel `2` is not valid for `spec.ratio`: ratio is a fraction, at most 1 (CEL rule of example.com Widget).']);
  });

  it('logs, once, how many of the CRD\'s rules compile and why the others are skipped', () => {
    lint(widget('  minReplicas: 1\n  maxReplicas: 1\n'), {}, URI, svc);
    const lines = logged.filter((line) => line.includes('example.com Widget'));
    assert.deepEqual(lines, [
      'CEL rules of example.com Widget v1 (workspace CRD in file:///w/widget-crd.yaml): 10 compiled, 2 skipped '
      + '(transition rules (they use oldSelf, the object before an update): 1; calling a function Kubesmith does not provide: 1).',
    ]);
  });

  it('picks up a changed CRD: its new rules apply, the old ones no longer', () => {
    const other = newService();
    other.workspace.updateFile(CRD_URI, fixture('cel/workspace/widget-crd.yaml'));
    const resource = widget('  minReplicas: 1\n  maxReplicas: 2\n  x-mode: turbo\n');
    assert.equal(lint(resource, {}, URI, other).length, 1);
    other.workspace.updateFile(CRD_URI, fixture('cel/workspace/widget-crd.yaml').replace("in ['fast', 'safe']", "in ['fast', 'safe', 'turbo']"));
    assert.deepEqual(lint(resource, {}, URI, other), []);
  });

  describe('untrusted input', () => {
    const long = `${'a'.repeat(50_000)}b`;

    it('checks a catastrophic schema pattern in linear time, with the right verdict', () => {
      // `^(a+)+$` takes exponential time in a backtracking engine on "aaaa…b"; RE2 takes one pass.
      assert.deepEqual(lint(widget(`  minReplicas: 1\n  maxReplicas: 1\n  token: ${long}\n`), {}, URI, svc),
        ['8:10-8:50011 invalid-value `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…` does not have the form `token` requires (pattern `^(a+)+$`).']);
      assert.deepEqual(lint(widget(`  minReplicas: 1\n  maxReplicas: 1\n  token: ${'a'.repeat(50_000)}\n`), {}, URI, svc), []);
      // The engine is RE2, not JavaScript's RegExp: it refuses backreferences and reads (?i).
      assert.equal(compileRegex('(a)\\1'), undefined);
      assert.equal(compileRegex('(?i)^abc$')?.test('ABC'), true);
    });

    it('runs a catastrophic regex of a CEL rule in linear time, with the right verdict', () => {
      assert.deepEqual(lint(widget(`  minReplicas: 1\n  maxReplicas: 1\n  code: ${long}\n`), {}, URI, svc),
        ["8:9-8:50010 server-cel `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…` is not valid for `spec.code`: code is made of a's (CEL rule of example.com Widget)."]);
    });

    it('does not evaluate rules on a resource whose aliases expand past what is read (an alias bomb)', () => {
      // 200 groups of the same 200 members of the same 200 tags: 8 million values from 400 lines.
      const members = `  - members: &members\n    - &member\n      tags: &tags [${Array(200).fill('a').join(', ')}]\n${'    - *member\n'.repeat(199)}`;
      const text = widget(`  minReplicas: 2\n  maxReplicas: 1\n  groups:\n${members}${'  - members: *members\n'.repeat(199)}`);
      // Kubernetes' YAML reader rejects the document outright: no rule is evaluated on it.
      assert.deepEqual(lint(text, {}, URI, svc), [
        '1:1-1:2 yaml-syntax Through its YAML aliases, this document expands to 8,160,616 values; Kubernetes\' YAML reader rejects it ("document contains excessive aliasing").',
      ]);
      // Without the aliases' expansion, the same rules are evaluated.
      assert.deepEqual(lint(widget('  minReplicas: 2\n  maxReplicas: 1\n  groups:\n  - members:\n    - tags: [a]\n'), {}, URI, svc),
        ['6:16-6:17 server-cel `2` is not valid for `spec.minReplicas`: minReplicas must not be above maxReplicas (CEL rule of example.com Widget).']);
    });

    it('stops an expensive rule at the document\'s budget with a note, instead of running for ever', () => {
      // 300 items: the rule takes 300³ = 27 million steps; the budget stops it early.
      const items = Array.from({ length: 300 }, (_, i) => `  - i${i}`).join('\n');
      assert.deepEqual(lint(widget(`  minReplicas: 1\n  maxReplicas: 1\n  items:\n${items}\n`), {}, URI, svc),
        ['8:3-8:8 server-cel The CEL rules of this Widget were not all checked: evaluating them costs more than Kubesmith allows for one document.']);
      // Within the budget, the rule is evaluated (and holds).
      assert.deepEqual(lint(widget('  minReplicas: 1\n  maxReplicas: 1\n  items:\n  - a\n  - b\n'), {}, URI, svc), []);
    });
  });
});
