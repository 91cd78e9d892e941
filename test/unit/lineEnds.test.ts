import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { hardenFile } from '../../server/src/core/harden';
import { TEST_URI, applyAction, codeActions, lint, onlyRule, service, settings } from '../helpers';

/**
 * Line ends as LSP counts them: `\n`, `\r\n` and a lone `\r` (old Mac files) each end a line.
 * Diagnostics land on the right lines, and every edit is written with the file's own line end.
 */
describe('line ends', () => {
  const lf = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c # keep\ndta:\n  a: "1"\n';
  const cr = lf.replace(/\n/g, '\r');
  const crlf = lf.replace(/\n/g, '\r\n');

  it('reads a file with lone CR line ends line by line, as the editor shows it', () => {
    assert.deepEqual(lint(cr), ['5:1-5:4 unknown-field `dta` is not a field of ConfigMap; did you mean `data`?']);
    assert.deepEqual(lint(crlf), lint(lf));
    // Every range lies inside its line, as the editor counts lines.
    const lines = TextDocument.create(TEST_URI, 'yaml', 1, cr);
    for (const d of service().analyze(TEST_URI, cr, settings()).diagnostics) {
      const lineLength = lines.offsetAt({ line: d.range.end.line + 1, character: 0 }) - lines.offsetAt({ line: d.range.end.line, character: 0 }) - 1;
      assert.ok(d.range.end.character <= lineLength, JSON.stringify(d.range));
    }
  });

  it('writes quick fixes with the file\'s line end', () => {
    assert.equal(applyAction(cr, 'Change `dta` to `data`'), cr.replace('dta:', 'data:'));
    // A fix that adds lines: a missing selector in a Deployment.
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n';
    for (const eol of ['\r', '\r\n']) {
      const text = deployment.replace(/\n/g, eol);
      const fixed = applyAction(text, 'Add missing field `selector`');
      assert.equal(fixed, `${text}  selector:${eol}    matchLabels:${eol}      app: web${eol}`);
      assert.deepEqual(lint(fixed), []);
    }
  });

  it('writes suppressions and hardening with the file\'s line end', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: a:1\n    securityContext:\n      allowPrivilegeEscalation: true\n';
    for (const eol of ['\r', '\r\n']) {
      const text = pod.replace(/\n/g, eol);
      const rule = onlyRule('allow-privilege-escalation');
      const suppressed = applyAction(text, 'Disable `allow-privilege-escalation` for this line', rule);
      assert.equal(suppressed, text.replace(`    securityContext:${eol}`, `    securityContext:${eol}      # kubesmith-disable-next-line allow-privilege-escalation${eol}`));
      const hardened = hardenFile(service(), TEST_URI, text, settings()).text;
      assert.ok(!hardened.replace(/\r\n|\r/g, '').includes('\n'), JSON.stringify(hardened));
      assert.ok(hardened.includes(`runAsNonRoot: true${eol}`));
      assert.deepEqual(codeActions(hardened, rule).filter((action) => !action.title.startsWith('Disable')), []);
    }
  });
});
