/**
 * Questions about what the workbench shows, which the extension API cannot answer (the status
 * bar, say). The code-server driver (scripts/e2e/run.mjs) watches a folder named by
 * KUBESMITH_E2E_UI_BRIDGE: the suite drops `<id>.request.json`, the driver looks at the page in
 * Chromium and answers with `<id>.response.json`. Under @vscode/test-electron there is no such
 * driver, and the tests that need it skip.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_ENV } from './env';
import { waitFor } from './helpers';

export interface StatusBarItem {
  /** The DOM id VS Code gives the entry (contains the extension id and the item id). */
  id: string;
  text: string;
  ariaLabel: string;
  visible: boolean;
}

export interface OutputView {
  /** The channel each visible channel picker of the panel shows. */
  channels: string[];
  /** Every channel the pickers offer. */
  options: string[];
  /** The lines the Output view renders, top to bottom. */
  lines: string[];
}

type UiRequest = { type: 'statusBarItems' } | { type: 'outputView' } | { type: 'screenshot'; name: string };

let counter = 0;

export function uiBridgeAvailable(): boolean {
  const dir = process.env[E2E_ENV.uiBridge];
  return Boolean(dir && existsSync(dir));
}

async function ask<T>(request: UiRequest): Promise<T> {
  const dir = process.env[E2E_ENV.uiBridge];
  if (!dir) throw new Error('no UI bridge: this run has no browser driver');
  const id = `${process.pid}-${Date.now()}-${counter++}`;
  const requestFile = join(dir, `${id}.request.json`);
  writeFileSync(`${requestFile}.tmp`, JSON.stringify(request));
  renameSync(`${requestFile}.tmp`, requestFile);
  const responseFile = join(dir, `${id}.response.json`);
  const response = await waitFor(`the browser driver to answer ${request.type}`, () => {
    if (!existsSync(responseFile)) return undefined;
    return JSON.parse(readFileSync(responseFile, 'utf8')) as { ok: boolean; value?: T; error?: string };
  }, { timeout: 15_000 });
  rmSync(requestFile, { force: true });
  rmSync(responseFile, { force: true });
  if (!response.ok) throw new Error(`the browser driver failed to answer ${request.type}: ${response.error}`);
  return response.value as T;
}

/** The status bar entries the workbench currently renders. */
export function statusBarItems(): Promise<StatusBarItem[]> {
  return ask<StatusBarItem[]>({ type: 'statusBarItems' });
}

/** What the panel's Output view shows now. */
export function outputView(): Promise<OutputView> {
  return ask<OutputView>({ type: 'outputView' });
}

/** Saves a screenshot of the workbench to test-results/<name>.png; returns its path. */
export function screenshot(name: string): Promise<string> {
  return ask<string>({ type: 'screenshot', name });
}
