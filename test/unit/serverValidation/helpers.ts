import { strict as assert } from 'node:assert';
import { KubesmithSettings } from '../../../protocol/settings';
import { lint } from '../../helpers';

/** Helpers of the server-check tests: positions of text, manifests to vary, exact findings. */

/**
 * `line:col-line:col` (1-based) of the `nth` occurrence (from 1) of `needle` in `text`, counting
 * from the first occurrence of `after` when given.
 */
export function at(text: string, needle: string, nth = 1, after = ''): string {
  let start = after ? text.indexOf(after) - 1 : -1;
  assert.ok(!after || start >= -1, `${after} not in the text`);
  for (let i = 0; i < nth; i++) {
    start = text.indexOf(needle, start + 1);
    assert.ok(start >= 0, `${needle} (${nth}) not in the text`);
  }
  const position = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return `${before.length}:${before[before.length - 1].length + 1}`;
  };
  return `${position(start)}-${position(start + needle.length)}`;
}

/** Indents every non-empty line of a block. */
export function indent(block: string, by: number): string {
  return block.split('\n').map((line) => (line ? ' '.repeat(by) + line : line)).join('\n');
}

/** Every diagnostic of `text` (rules off), as `line:col-line:col code message`. */
export function findings(text: string, overrides: Partial<KubesmithSettings> = {}): string[] {
  return lint(text, overrides);
}

/** A valid Deployment `web` whose pod spec body (at column 0) is `podSpec`; `spec` adds lines to the Deployment's spec. */
export function deployment(podSpec: string, spec = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
${spec}  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
${indent(podSpec, 6)}`;
}

/** One container `web` (image nginx:1.27.3) with more lines (at column 2, under the item). */
export function container(more = ''): string {
  return `containers:\n- name: web\n  image: nginx:1.27.3\n${more}`;
}

/** A Pod `p` with a pod spec body at column 0. */
export function pod(podSpec: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${indent(podSpec, 2)}`;
}
