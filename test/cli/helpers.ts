import { SpawnSyncOptions, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Helpers for the CLI tests: they run the built CLI (`node dist/cli.js`) as a child process. */

export const repoRoot = join(__dirname, '..', '..');
export const CLI = join(repoRoot, 'dist', 'cli.js');
export const FIXTURES = join(repoRoot, 'test', 'fixtures', 'cli');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  input?: string;
  env?: Record<string, string | undefined>;
}

/**
 * The environment of a run: no colour forcing or disabling, and no language, from the caller's
 * shell (the CLI reads LC_ALL, LC_MESSAGES and LANG: a test asks for a language explicitly).
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) delete env[name];
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  delete env.KUBESMITH_DEBUG;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function run(command: string, args: readonly string[], options: RunOptions = {}): Run {
  const spawnOptions: SpawnSyncOptions = {
    cwd: options.cwd ?? repoRoot,
    env: cleanEnv(options.env),
    encoding: 'utf8',
    input: options.input ?? '',
    maxBuffer: 256 * 1024 * 1024,
  };
  const result = spawnSync(command, args, spawnOptions);
  if (result.error) throw result.error;
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** `node dist/cli.js ...args` */
export function kubesmith(args: readonly string[], options: RunOptions = {}): Run {
  return run(process.execPath, [CLI, ...args], options);
}

export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

/** A fresh temporary folder (outside the repository, so no .gitignore of ours applies). */
export function tempDir(prefix = 'kubesmith-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

/** Writes files (path → text) under `root`, creating folders. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

export function copyFixture(name: string, to: string): string {
  const target = join(to, name);
  cpSync(fixture(name), target, { recursive: true });
  return target;
}

import type { JsonFinding } from '../../server/src/cli/formats/json';

export type { JsonFinding };

export function parseJson(result: Run): JsonFinding[] {
  try {
    return JSON.parse(result.stdout) as JsonFinding[];
  } catch (error) {
    throw new Error(`not JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}\n${String(error)}`);
  }
}

/** `file:line rule` of each finding: compact, for comparisons that ignore the wording. */
export function brief(findings: readonly JsonFinding[]): string[] {
  return findings.map((finding) => `${finding.file}:${finding.line} ${finding.rule}`);
}

/** The stdout of a run that must succeed with this exit code, with stderr in the failure message. */
export function expectExit(result: Run, code: number): Run {
  if (result.code !== code) {
    throw new Error(`expected exit ${code}, got ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
  return result;
}

/** A well-formed, hardened Deployment that no rule flags (image as given). */
export function hardenedDeployment(name: string, image = `ghcr.io/example/${name}:1.0.0`): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
      - name: ${name}
        image: ${image}
        ports:
        - name: http
          containerPort: 8080
        readinessProbe:
          httpGet:
            path: /ready
            port: http
        livenessProbe:
          httpGet:
            path: /healthz
            port: http
          periodSeconds: 20
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
          limits:
            cpu: 500m
            memory: 256Mi
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities:
            drop:
            - ALL
`;
}
