/**
 * The hostile inputs every face of Kubesmith is tried on (the CLI, the server over its protocol,
 * and the core in the fuzz run): each with the findings it must give. Built here, not stored, so
 * the repository does not carry 20 MB of test data.
 */

export interface HostileInput {
  name: string;
  /** File name (its extension matters to the CLI's file selection). */
  file: string;
  bytes: Buffer;
  /** The codes of the findings it gives, in order (duplicates collapsed: `code×n`). */
  codes: string[];
}

const manifest = (body: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\ndata:\n${body}`;

/** 1.7 KB that expand to billions of values through aliases (the "billion laughs"). */
export function aliasBomb(): string {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const previous = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
  }
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bomb\n  annotations:\n${levels.map((line) => `    ${line}`).join('\n')}\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: a}\n    spec:\n      containers:\n      - name: a\n        image: nginx:1.27\n        env: *j\n`;
}

/** A file of `count` small Deployments (about 340 bytes each). */
export function deployments(count: number): string {
  const one = (i: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web-${i}\n  template:\n    metadata:\n      labels:\n        app: web-${i}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27.${i % 10}\n        ports:\n        - containerPort: 8080\n`;
  return Array.from({ length: count }, (_, i) => one(i)).join('---\n');
}

function utf16(text: string, bom: boolean, bigEndian = false): Buffer {
  const bytes = Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
  if (bigEndian) bytes.swap16();
  return bytes;
}

const broken = manifest('  a: "1"\n').replace('\ndata:', '\ndta:');

export function hostileInputs(): HostileInput[] {
  const text = (name: string, file: string, content: string, codes: string[]): HostileInput => ({ name, file, bytes: Buffer.from(content, 'utf8'), codes });
  return [
    text('alias bomb', 'bomb.yaml', aliasBomb(), ['yaml-syntax']),
    text('20 MB file', 'large.yaml', deployments(66_000), ['file-too-large']),
    text('block nesting 10,000 deep', 'deep-block.yaml', manifest(`  x:\n    ${'- '.repeat(10_000)}x\n`), ['too-complex']),
    text('flow list nesting 10,000 deep', 'deep-flow.yaml', manifest(`  x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`), ['too-complex']),
    text('flow map nesting 10,000 deep', 'deep-flow-map.yaml', manifest(`  x: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`), ['too-complex']),
    // Checked whole: a ConfigMap's data may hold 1 MiB at most (the API server's limit).
    text('5 MB single line', 'long-line.yaml', manifest(`  k: ${'x'.repeat(5 * 1024 * 1024)}\n`), ['server-data']),
    { name: 'binary', file: 'binary.yaml', bytes: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)), codes: ['binary-file'] },
    { name: 'UTF-16 LE with BOM', file: 'utf16le-bom.yaml', bytes: utf16(broken, true), codes: ['unknown-field'] },
    { name: 'UTF-16 BE with BOM', file: 'utf16be-bom.yaml', bytes: utf16(broken, true, true), codes: ['unknown-field'] },
    { name: 'UTF-16 LE without BOM', file: 'utf16le.yaml', bytes: utf16(broken, false), codes: ['file-encoding'] },
    text('100,000 duplicate keys', 'duplicates.yaml', manifest('  k: v\n'.repeat(100_000)), ['duplicate-key×101']),
    text('100,000 document markers', 'markers.yaml', '---\n'.repeat(100_000), []),
    text('CR-only line ends', 'cr.yaml', broken.replace(/\n/g, '\r'), ['unknown-field']),
    text('duplicate keys in a one-line flow map', 'flow-duplicates.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, name: b}\n', ['duplicate-key']),
    // Aliases that Kubernetes accepts, many of them (each alias used to be found by walking the whole document).
    text('20,000 aliases', 'aliases.yaml', manifest(`  a: &a value\n${Array.from({ length: 20_000 }, (_, i) => `  k${i}: *a\n`).join('')}`), []),
  ];
}

/** `code×n` for runs of the same code, as HostileInput.codes lists them. */
export function collapseCodes(codes: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < codes.length;) {
    let j = i;
    while (j < codes.length && codes[j] === codes[i]) j++;
    out.push(j - i > 1 ? `${codes[i]}×${j - i}` : codes[i]);
    i = j;
  }
  return out;
}
