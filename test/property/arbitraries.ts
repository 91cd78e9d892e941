import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../helpers';
import { aliasBomb } from '../hostile';

/**
 * What the property tests feed Kubesmith: manifests (the examples and fixtures of the repository,
 * their JSON and flow-style renderings, and hand-written documents that exercise anchors, merge
 * keys, tags, block scalars, Lists and Helm fragments), then mutated the way people and tools
 * break files. Every arbitrary shrinks, so a failing case is reported small.
 */

function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return manifestFiles(path);
    return /\.(ya?ml|json)$/.test(entry.name) ? [path] : [];
  });
}

const HAND_WRITTEN = [
  // Anchors, aliases and merge keys.
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # the front end
  labels: &labels
    app: web
spec:
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels:
        <<: *labels
        tier: front
    spec:
      containers:
      - &base
        name: web
        image: nginx:1.27
        ports:
        - containerPort: 8080
      - <<: *base
        name: sidecar
`,
  // Tags, block scalars, tagged list items.
  `apiVersion: v1
kind: ConfigMap
metadata:
  name: scripts
  annotations: !!map
    note: !!str 0755
data:
  run.sh: |
    #!/bin/sh
    echo "hello"
  folded: >-
    one
    two
---
apiVersion: v1
kind: Pod
metadata:
  name: tagged
spec:
  containers:
  - !!map
    name: a
    image: busybox:1.36
    command: !!seq
    - sleep
    - "3600"
`,
  // Flow style inside block style, with comments.
  `apiVersion: v1
kind: Pod
metadata: {name: flow, labels: {app: flow}} # one line
spec:
  containers: [{name: a, image: "nginx:1.27", ports: [{containerPort: 80}]}]
  securityContext: {runAsUser: 1000}
`,
  // A multi-line flow map with comments.
  `apiVersion: v1
kind: Service
metadata: {
  name: svc, # the service
  labels: {app: web}
}
spec: {
  selector: {app: web},
  ports: [ {port: 80, targetPort: 8080} ]  # http
}
`,
  // A List with items of several kinds and mistakes.
  `apiVersion: v1
kind: List
items:
- apiVersion: policy/v1beta1
  kind: PodDisruptionBudget
  metadata:
    name: pdb
  spec:
    minAvailable: 1
    selector:
      matchLabels:
        app: web
- apiVersion: v1
  kind: Pod
  metadata:
    name: p
  spec:
    containers:
    - name: a
      image: a:1
      securityContext:
        allowPrivilegeEscalation: true
`,
  // A Helm template (not checked).
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicas }}
`,
  // Misplaced and misspelt fields, wrong types and enums.
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  replicas: 3
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      restartPolicy: Sometimes
      contianers:
      - name: api
        image: api:latest
        imagePullPolicy: Sometime
        resources:
          limits:
            cpu: 2x
`,
];

/** Each YAML document of a text, as YAML text. */
function documentsOf(text: string): string[] {
  return text.split(/^---[^\n]*\n/m).filter((part) => part.trim() !== '');
}

function renderings(text: string): string[] {
  const out = [text];
  if (text.includes('{{')) return out; // (a Helm template: its JSON would not be one)
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0 || !doc.contents) continue;
    try {
      const value = doc.toJS({ maxAliasCount: 50 });
      if (value === null || typeof value !== 'object') continue;
      out.push(`${JSON.stringify(value, null, 2)}\n`, `${JSON.stringify(value)}\n`, `${JSON.stringify(value, null, 4)}\n`);
    } catch {
      // not renderable (an alias loop): the YAML is enough
    }
  }
  return out;
}

let corpus: string[] | undefined;

/** Base documents: the repository's manifests, each document alone, and their JSON renderings. */
export function baseCorpus(): string[] {
  if (corpus) return corpus;
  const files = [join(repoRoot, 'examples'), join(repoRoot, 'test', 'fixtures', 'harden'), join(repoRoot, 'test', 'fixtures', 'json'),
    join(repoRoot, 'test', 'fixtures', 'foundation'), join(repoRoot, 'test', 'fixtures', 'diagnostics'), join(repoRoot, 'test', 'fixtures', 'whitespace')]
    .flatMap(manifestFiles);
  const texts = [...files.map((path) => readFileSync(path, 'utf8')), ...HAND_WRITTEN];
  const all = new Set<string>();
  for (const text of texts) {
    all.add(text);
    for (const doc of documentsOf(text)) for (const rendering of renderings(doc)) all.add(rendering);
  }
  corpus = [...all];
  return corpus;
}

/** One mutation of a text, at a relative position (0..1) so that it shrinks towards the start. */
export type Mutation =
  | { op: 'delete-line' | 'duplicate-line' | 'swap-lines' | 'truncate'; at: number }
  | { op: 'reindent'; at: number; by: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'line-ends'; style: '\r\n' | '\r' | 'mixed' }
  | { op: 'bom' }
  | { op: 'append-document'; text: string };

const SNIPPETS = [
  '\t', '\u00a0', '\u2003', '\u200b', '\u202e', '\u0000', '\ufeff', 'é', '中文', '😀', '\u2028', '\r', '\n', '"', "'", '[', '{', ']', '}', ':', ': ', '- ', '#', ' # comment',
  '&anchor ', '*anchor', '<<: *anchor\n', '<<: {a: 1}\n', '!!str ', '!!map\n', '!custom ', '|\n', '>-\n', '---\n', '...\n', '%YAML 1.1\n',
  '{{ .Values.image }}', '{{- if .Values.x }}\n', 'x'.repeat(300), `${'k'.repeat(1100)}: v\n`, '? complex\n: key\n', 'yes', '0755', '~', '2001-12-14',
  'apiVersion: v1\n', 'kind: Pod\n', '  securityContext:\n    runAsNonRoot: true\n', 'null', '1e400', '-0', '.inf',
];

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete-line' as const, 'duplicate-line' as const, 'swap-lines' as const, 'truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('reindent' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 })) }),
  fc.record({ op: fc.constant('line-ends' as const), style: fc.constantFrom('\r\n' as const, '\r' as const, 'mixed' as const) }),
  fc.constant({ op: 'bom' as const }),
  fc.record({ op: fc.constant('append-document' as const), text: fc.constantFrom(...HAND_WRITTEN, aliasBomb()) }),
);

function lineBounds(text: string, at: number): [number, number] {
  const offset = Math.min(Math.floor(at * text.length), Math.max(text.length - 1, 0));
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return [start, end < 0 ? text.length : end + 1];
}

export function applyMutation(text: string, mutation: Mutation): string {
  switch (mutation.op) {
    case 'delete-line': {
      const [start, end] = lineBounds(text, mutation.at);
      return text.slice(0, start) + text.slice(end);
    }
    case 'duplicate-line': {
      const [start, end] = lineBounds(text, mutation.at);
      return text.slice(0, end) + text.slice(start, end) + text.slice(end);
    }
    case 'swap-lines': {
      const [start, end] = lineBounds(text, mutation.at);
      if (end >= text.length) return text;
      const [, nextEnd] = lineBounds(text, (end + 0.5) / Math.max(text.length, 1));
      return text.slice(0, start) + text.slice(end, nextEnd) + text.slice(start, end) + text.slice(nextEnd);
    }
    case 'truncate':
      return text.slice(0, Math.floor(mutation.at * text.length));
    case 'reindent': {
      const [start] = lineBounds(text, mutation.at);
      if (mutation.by >= 0) return text.slice(0, start) + ' '.repeat(mutation.by) + text.slice(start);
      let cut = start;
      while (cut < start - mutation.by && text[cut] === ' ') cut++;
      return text.slice(0, start) + text.slice(cut);
    }
    case 'insert': {
      const offset = Math.floor(mutation.at * text.length);
      return text.slice(0, offset) + mutation.text + text.slice(offset);
    }
    case 'line-ends':
      if (mutation.style === 'mixed') {
        let i = 0;
        return text.replace(/\n/g, () => ['\n', '\r\n', '\r'][i++ % 3]);
      }
      return text.replace(/\n/g, mutation.style);
    case 'bom':
      return `\ufeff${text}`;
    case 'append-document':
      return `${text}${text.endsWith('\n') ? '' : '\n'}---\n${mutation.text}`;
  }
}

export interface GeneratedFile {
  base: string;
  mutations: Mutation[];
  text: string;
}

/** A file: one or more base documents, mutated (or not: a valid file is a case too). */
export function fileArbitrary(maxMutations = 4): fc.Arbitrary<GeneratedFile> {
  const bases = baseCorpus();
  return fc.record({
    parts: fc.array(fc.constantFrom(...bases), { minLength: 1, maxLength: 3 }),
    mutations: fc.array(mutationArbitrary, { maxLength: maxMutations }),
  }).map(({ parts, mutations }) => {
    const base = parts.map((part) => (part.endsWith('\n') ? part : `${part}\n`)).join('---\n');
    const text = mutations.reduce(applyMutation, base);
    return { base, mutations, text };
  });
}

/** A text edit as an editor sends it: a range of the current text replaced. */
export interface TextChange {
  at: number;
  remove: number;
  insert: string;
}

export const changeArbitrary: fc.Arbitrary<TextChange> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat({ max: 40 }),
  insert: fc.oneof(fc.constantFrom('---\n', '\n---\n', '\n', '', 'x', '  ', '- ', ': ', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: n\n', '...\n', '"', '#', '\t'), fc.string({ maxLength: 6 })),
});

/** Applies a change; returns the new text and the change in offsets. */
export function applyChange(text: string, change: TextChange): { text: string; start: number; end: number } {
  const start = Math.floor(change.at * text.length);
  const end = Math.min(text.length, start + change.remove);
  return { text: text.slice(0, start) + change.insert + text.slice(end), start, end };
}
