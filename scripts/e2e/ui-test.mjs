// The UI test: what a person sees and does in the workbench, driven with playwright-core from
// outside VS Code (keys, clicks, what is on the screen), against the same code-server as the API
// suite. It opens a fresh copy of the fixture workspace in a new window with the extension under
// test, then goes through the steps below; each step is reported like a test. The screenshots it
// takes for the documentation are written to docs/images/ on every run.
//
// Steps:
//   0. The getting-started walkthrough: each step is done when a new user does what it says (the
//      sample opened from its button, a quick fix, Harden Manifest, the version). First, before
//      the other steps run Harden Manifest.                               → walkthrough.png
//   1. Problems panel: a broken manifest and one with best-practice warnings are open; the status
//      bar, the Problems badge and each file's row count exactly what the language server publishes
//      (asked directly over LSP, see lsp.mjs).                            → problems-panel.png
//   2. Quick fix menu: Ctrl+. on the `contianers` line offers "Change `contianers` to `containers`";
//      Enter applies it (VS Code asks the server for its edit then, codeAction/resolve); undone.
//                                                                         → quick-fix-menu.png
//   3. The light bulb on a workload file with something to harden: on the line of a problem, not on
//      the next line, which has none (Harden Manifest is not offered to VS Code's automatic requests).
//   4. Harden Manifest from the command palette by its title (F1, the title, Enter) with its preview
//      on: a diff of the file and its hardened text, and a notification with Apply and Discard; the
//      palette then offers the diff's Apply and Discard, not Harden Manifest; Apply in the diff's
//      title bar writes exactly what the language server computes (asked over LSP) and closes the diff.
//                                                                         → harden-preview.png
//   5. Discard in the notification, on a fresh copy of the same file opened in a preview tab (one
//      click in the Explorer): the diff opens beside that tab, closes, and nothing changes.
//   6. The Refactor menu (Ctrl+Shift+R) on another fresh copy offers Harden Manifest; Ctrl+Enter
//      opens VS Code's Refactor Preview with the change ticked; its Apply writes the server's text.
//   7. Completion: Enter and Tab under a container's `securityContext:`, Ctrl+Space lists
//      runAsNonRoot, with its Kubernetes documentation.                   → completion-in-container.png
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { countBySeverity, hardenedText, publishedDiagnostics } from './lsp.mjs';
import { fixtureWorkspace, imagesDir, repoRoot, resultsDir } from './paths.mjs';

/** The colour theme of the UI window's screenshots (set once the workbench is up, see workbenchReady). */
export const UI_THEME = 'Default Dark Modern';
const THEME_CLASS = 'vscode-theme-defaults-themes-dark_modern-json';

export const STEP_TIMEOUT_MS = 30_000;
const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`;

export class UiError extends Error {}

export function check(condition, message) {
  if (!condition) throw new UiError(message);
}

/** Polls `probe` (async, returns a value or undefined/false) until it returns a value. */
export async function until(what, probe, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = undefined;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new UiError(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await delay(100);
  }
}

export class UiDriver {
  constructor(page, { workspaceDir, log }) {
    this.page = page;
    this.workspaceDir = workspaceDir;
    this.log = log;
  }

  /** Text of the status bar's cursor position item ("Ln 12, Col 7"). */
  async cursor() {
    return (await this.page.locator('#status\\.editor\\.selection').textContent({ timeout: 5000 }))?.trim() ?? '';
  }

  async waitForCursor(line, column) {
    await until(`the cursor at Ln ${line}, Col ${column}`, async () => (await this.cursor()) === `Ln ${line}, Col ${column}`);
  }

  /** The quick input (palette, Quick Open, Go to Line) as it is now. */
  quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens a file of the workspace with Quick Open (Ctrl+P), as a person would. */
  async openFile(name) {
    // A file made during the run may be missing from the first search: close and ask again.
    await until(`Quick Open to offer ${name}`, async () => {
      await this.page.keyboard.press('Control+P');
      await this.quickInput().waitFor({ state: 'visible' });
      await this.page.keyboard.type(name);
      const offered = await until(`Quick Open to offer ${name}`, async () => (await this.focusedPick())?.includes(name), 5000).catch(() => false);
      if (!offered) {
        await this.page.keyboard.press('Escape');
        await this.quickInput().waitFor({ state: 'hidden' });
      }
      return offered;
    });
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await this.quickInput().waitFor({ state: 'hidden' });
  }

  /** Opens a file of the workspace with one click in the Explorer: a preview tab (italic title). */
  async openInPreviewTab(folder, name) {
    const folderRow = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${folder}"]`);
    await folderRow.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    if ((await folderRow.getAttribute('aria-expanded')) !== 'true') await folderRow.click();
    // (A file written during the run shows once the Explorer's watcher has seen it.)
    const row = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
    await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).catch(() => { throw new UiError(`the Explorer does not show ${folder}/${name}`); });
    await row.click();
    const tab = this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`);
    await tab.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    check(await tab.locator('.monaco-icon-label.italic').count() > 0, `${name} did not open in a preview tab (italic title)`);
  }

  async focusedPick() {
    return this.page.locator('.quick-input-list .monaco-list-row.focused').first().textContent({ timeout: 1000 }).catch(() => undefined);
  }

  /** Runs a command from the palette by its title: F1, the title, Enter. */
  async runCommand(title) {
    await this.page.keyboard.press('F1');
    await this.quickInput().waitFor({ state: 'visible' });
    await this.page.keyboard.type(title);
    // The first row is the one Enter runs: wait until it is this command, not a look-alike.
    await until(`the palette to offer "${title}" first`, async () => {
      const label = await this.page.locator('.quick-input-list .monaco-list-row.focused .quick-input-list-label .label-name').first().textContent({ timeout: 1000 }).catch(() => undefined);
      return label?.trim() === title;
    });
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden' });
  }

  /** Go to Line (Ctrl+G) in the editor of group `group` (1, the first, unless said). */
  async goTo(line, column = 1, group = 1) {
    await this.page.keyboard.press(`Control+${group}`); // focus the editor
    await this.page.keyboard.press('Control+G');
    await this.quickInput().waitFor({ state: 'visible' });
    await this.page.keyboard.type(`${line}:${column}`);
    // Enter goes to the line once the widget offers it; on a busy machine the first Enter can
    // arrive before the widget has read what was typed, and is then lost: press it again.
    await until(`Go to Line to offer line ${line}`, async () =>
      (await this.page.locator('.quick-input-list .monaco-list-row').first().textContent({ timeout: 1000 }).catch(() => ''))?.includes(`line ${line}`));
    await this.page.keyboard.press('Enter');
    const closed = await this.quickInput().waitFor({ state: 'hidden', timeout: 5000 }).then(() => true, () => false);
    if (!closed) {
      await this.page.keyboard.press('Enter');
      await this.quickInput().waitFor({ state: 'hidden' });
    }
    await this.waitForCursor(line, column);
  }

  /** The lines the active editor renders now, top to bottom. */
  async visibleLines() {
    return this.page.$$eval('.editor-group-container.active .editor-instance .monaco-editor .view-lines .view-line', (lines) =>
      lines.map((line) => ({ top: Number.parseFloat(line.style.top || '0'), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top).map((line) => line.text));
  }

  /** The Problems counts of the status bar item: `{ errors, warnings, infos }`. */
  async statusBarProblems() {
    const label = await this.page.locator('#status\\.problems').first().getAttribute('aria-label', { timeout: 5000 })
      ?? await this.page.locator('#status\\.problems [aria-label]').first().getAttribute('aria-label', { timeout: 5000 });
    const number = (name) => Number(new RegExp(`${name}: (\\d+)`).exec(label ?? '')?.[1] ?? 0);
    return { errors: number('Errors'), warnings: number('Warnings'), infos: number('Infos'), label };
  }

  /** Whether the panel (Problems, Output...) is shown. */
  async panelVisible() {
    return !(await this.page.locator('.monaco-workbench').getAttribute('class'))?.split(/\s+/).includes('nopanel');
  }

  async closeWidgets() {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
  }

  /**
   * Saves a screenshot of the page, or of `clip` (CSS pixels), for the docs. The pointer is moved
   * out of the way first (no hover effects in the picture) unless `keepPointer`.
   */
  async screenshot(name, clip, { keepPointer = false } = {}) {
    mkdirSync(imagesDir, { recursive: true });
    const path = join(imagesDir, name);
    const viewport = this.page.viewportSize();
    // Over the explorer's empty space.
    if (!keepPointer) await this.page.mouse.move(200, viewport.height - 150);
    const options = { path, animations: 'disabled', caret: 'initial' };
    if (clip) {
      const x = Math.max(0, Math.floor(clip.x));
      const y = Math.max(0, Math.floor(clip.y));
      options.clip = { x, y, width: Math.min(viewport.width - x, Math.ceil(clip.width)), height: Math.min(viewport.height - y, Math.ceil(clip.height)) };
    }
    await this.page.screenshot(options);
    this.log(`screenshot ${path}`);
    return path;
  }
}

/** The box around two elements' boxes, with a margin (CSS pixels). */
export function around(boxes, margin) {
  const present = boxes.filter(Boolean);
  const left = Math.min(...present.map((box) => box.x)) - margin;
  const top = Math.min(...present.map((box) => box.y)) - margin;
  const right = Math.max(...present.map((box) => box.x + box.width)) + margin;
  const bottom = Math.max(...present.map((box) => box.y + box.height)) + margin;
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * The workbench shows the fixture workspace and the extension has started (its status bar item).
 * The colour theme is set after start-up (`applyTheme` writes the workspace's settings): code-server
 * 4.100 ignores `workbench.colorTheme` in the settings it starts with (it opens in Light+, whatever
 * the user or workspace settings say), but follows a change of it.
 */
async function workbenchReady(ui, { applyTheme }) {
  const { page } = ui;
  await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row[aria-label="manifests"]').waitFor({ state: 'visible', timeout: 60_000 });
  await applyTheme();
  await until(`the ${UI_THEME} theme`, async () => (await page.locator('.monaco-workbench').getAttribute('class'))?.includes(THEME_CLASS));
  // Focus the workbench (keys go to the focused part).
  await page.locator('.part.editor').click();
}

async function problemsPanel(ui, { serverJs }) {
  const { page, workspaceDir } = ui;
  const files = ['manifests/harden.yaml', 'manifests/broken-deployment.yaml'];
  const expected = await publishedDiagnostics(serverJs, workspaceDir, files.map((file) => join(workspaceDir, file)));
  const counts = new Map(files.map((file) => [file, countBySeverity(expected.get(join(workspaceDir, file)))]));
  const total = { errors: 0, warnings: 0, infos: 0 };
  for (const count of counts.values()) for (const key of Object.keys(total)) total[key] += count[key];
  ui.log(`the language server publishes ${files.map((file) => `${file}: ${plural(counts.get(file).errors, 'error')}, ${plural(counts.get(file).warnings, 'warning')}, ${plural(counts.get(file).infos, 'info')}`).join('; ')}`);
  check(counts.get('manifests/broken-deployment.yaml').errors > 0 && counts.get('manifests/harden.yaml').warnings > 0, 'the fixtures should have errors and warnings');

  for (const file of files) await ui.openFile(file.split('/').pop());
  // The status bar: errors, warnings and infos of every open file.
  await until(`the status bar to count ${JSON.stringify(total)}`, async () => {
    const shown = await ui.statusBarProblems();
    return shown.errors === total.errors && shown.warnings === total.warnings && shown.infos === total.infos;
  });

  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible' });
  // The Problems badge counts errors, warnings and infos (hints are not listed).
  const sum = total.errors + total.warnings + total.infos;
  await until(`the Problems badge to say Total ${sum} Problems`, async () => {
    const label = await page.locator('.part.panel .composite-bar .action-item .badge[aria-label^="Problems"]').first().getAttribute('aria-label', { timeout: 1000 });
    const content = await page.locator('.part.panel .composite-bar .action-item .badge[aria-label^="Problems"] .badge-content').first().textContent({ timeout: 1000 });
    return new RegExp(`Total ${sum} Problems`).test(label ?? '') && content?.trim() === String(sum);
  });
  // One row per file, with its count.
  for (const file of files) {
    const [folder, name] = file.split('/');
    const count = counts.get(file);
    const n = count.errors + count.warnings + count.infos;
    await page.locator(`.markers-panel .monaco-list-row[aria-label="${n} problems in file ${name} of folder ${folder}"]`).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS })
      .catch(async () => {
        const rows = await page.$$eval('.markers-panel .monaco-list-row', (list) => list.map((row) => row.getAttribute('aria-label')));
        throw new UiError(`no Problems row "${n} problems in file ${name} of folder ${folder}"; rows: ${rows.join(' | ')}`);
      });
  }
  // The broken manifest's errors are listed as errors, with their messages.
  const typo = page.locator('.markers-panel .monaco-list-row[aria-label^="Error: `contianers` is not a field of `spec.template.spec`; did you mean `containers`?"]');
  await typo.first().waitFor({ state: 'visible', timeout: 5000 }).catch(() => { throw new UiError('the Problems panel does not list the `contianers` error'); });
  await page.keyboard.press('Control+1');
  await ui.goTo(12, 7); // the cursor on the typo, for the picture and the next step
  await ui.screenshot('problems-panel.png');
  ui.log(`Problems: status bar ${(await ui.statusBarProblems()).label}; badge ${sum}`);
}

async function quickFixMenu(ui) {
  const { page } = ui;
  await ui.openFile('broken-deployment.yaml'); // (open since the first step; a step may run alone)
  // The light bulb needs the problem: wait for the squiggles (the first step did, when it ran).
  await page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
  await ui.goTo(12, 7);
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget');
  await menu.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const title = 'Change `contianers` to `containers`';
  await until(`"${title}" in the quick fix menu`, async () => {
    const rows = await page.$$eval('.action-widget .monaco-list-row.action', (list) => list.map((row) => row.getAttribute('aria-label') ?? row.textContent));
    return rows.includes(title) ? rows : undefined;
  });
  const first = await page.locator('.action-widget .monaco-list-row.action').first().getAttribute('aria-label');
  check(first === title, `the first (preferred) quick fix is "${first}", not "${title}"`);
  // Zoomed on the menu and the lines around it.
  const editor = await page.locator('.editor-group-container.active .editor-instance').boundingBox();
  const widget = await menu.boundingBox();
  const box = around([widget], 0);
  await ui.screenshot('quick-fix-menu.png', { x: editor.x, y: box.y - 260, width: Math.max(640, box.x + box.width + 40 - editor.x), height: box.height + 320 });
  // Chosen with Enter: the server offered it without its edit, which VS Code asks for now
  // (codeAction/resolve) and applies. Then undone, for the steps after this one.
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden' });
  await until('the quick fix to rename `contianers` to `containers` on line 12', async () => {
    const lines = await ui.visibleLines();
    return lines.some((line) => line.trimEnd() === '      containers:') && !lines.some((line) => line.includes('contianers'));
  });
  await page.keyboard.press('Control+z');
  await until('undo to bring `contianers` back', async () => (await ui.visibleLines()).some((line) => line.trimEnd() === '      contianers:'));
}

/** Whether the light bulb shows in the active editor (beside the line, or in the gutter when the line has no room). */
async function lightBulbShown(page) {
  const bulbs = page.locator('.editor-group-container.active .monaco-editor .lightBulbWidget[class*="codicon-light"], .editor-group-container.active .monaco-editor [class*="codicon-gutter-lightbulb"]');
  for (const bulb of await bulbs.all()) if (await bulb.isVisible()) return true;
  return false;
}

/**
 * The light bulb on a workload file with something to harden: shown on the line of a problem
 * (its quick fixes), gone on the next line, which has none. VS Code asks for code actions on its
 * own (trigger Automatic, no `only`) when the cursor moves, and keeps the bulb where it is until
 * the answer for the new line comes; the bulb goes only if that answer is empty. Harden Manifest,
 * a refactoring of the whole file, is not offered to those requests (it used to be, and lit the
 * bulb on every line).
 */
async function lightBulbOnlyOnProblems(ui, { serverJs }) {
  const { page, workspaceDir } = ui;
  const file = join(workspaceDir, 'manifests', 'harden.yaml');
  const text = readFileSync(file, 'utf8');
  check((await hardenedText(serverJs, workspaceDir, file)).text !== text, 'the language server has nothing to harden in harden.yaml');
  const diagnostics = (await publishedDiagnostics(serverJs, workspaceDir, [file])).get(file);
  const lines = text.split('\n');
  const covered = (index) => diagnostics.some((diagnostic) => diagnostic.range.start.line <= index && index <= diagnostic.range.end.line);
  const problem = lines.findIndex((line) => line.includes('image: nginx:latest')); // no-latest-tag, on `nginx:latest`
  const plain = problem + 1; // `ports:`
  check(covered(problem) && !covered(plain) && lines[plain].trim() === 'ports:', `harden.yaml's lines ${problem + 1} and ${plain + 1} are not as the step expects`);
  const column = lines[problem].indexOf('nginx') + 3; // inside `nginx` (the bulb waits for a cursor on code)

  await ui.runCommand('Notifications: Clear All Notifications');
  await ui.openFile('harden.yaml');
  await page.locator('.editor-group-container.active .monaco-editor .squiggly-warning').first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
  await ui.goTo(problem + 1, column);
  // A move with the editor focused (Go to Line moved the cursor while its box had the focus).
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  await ui.waitForCursor(problem + 1, column);
  await until(`the light bulb on line ${problem + 1} (\`nginx:latest\`, a problem with quick fixes)`, () => lightBulbShown(page));
  await page.keyboard.press('ArrowDown');
  await ui.waitForCursor(plain + 1, lines[plain].length + 1);
  await until(`the light bulb to go on line ${plain + 1} (\`ports:\`, no problem)`, async () => !(await lightBulbShown(page)));
  // And back: the bulb still answers (it did not go for want of focus, say).
  await page.keyboard.press('ArrowUp');
  await ui.waitForCursor(problem + 1, column);
  await until(`the light bulb on line ${problem + 1} again`, () => lightBulbShown(page));
}

/** The tab of Harden Manifest's diff for `name` (its title), as VS Code labels it. */
const previewTitle = (name) => `${name} ↔ hardened (Kubesmith preview)`;

/**
 * The notification toast whose message starts with `prefix`. Info toasts hide themselves after
 * 15 s unless the pointer is over them (the notification then waits in the notification center),
 * so the pointer is put over its message as soon as it shows, and stays there until a button is
 * clicked.
 */
async function holdToast(ui, prefix) {
  const { page } = ui;
  const toast = page.locator('.notifications-toasts .notification-toast').filter({ has: page.locator('.notification-list-item-message', { hasText: prefix }) });
  await toast.first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).catch(async () => {
    const shown = await page.$$eval('.notifications-toasts .notification-list-item-message', (list) => list.map((item) => item.textContent));
    throw new UiError(`no notification "${prefix}..."; toasts: ${shown.join(' | ') || 'none'}`);
  });
  const message = toast.first().locator('.notification-list-item-message');
  const box = await message.boundingBox();
  await page.mouse.move(box.x + Math.min(40, box.width / 2), box.y + box.height / 2);
  return { toast: toast.first(), message: ((await message.textContent()) ?? '').replace(/\u00a0/g, ' ').trim() };
}

/** The button of a toast by its label (Apply, Discard). */
function toastButton(toast, label) {
  return toast.locator('.notification-list-item-buttons-container .monaco-button', { hasText: new RegExp(`^${label}$`) });
}

/** The tabs' labels of every editor group. */
async function tabLabels(page) {
  return page.$$eval('.tabs-container .tab', (tabs) => tabs.map((tab) => tab.getAttribute('aria-label') ?? ''));
}

/** The text the side of the active diff editor renders ('original' or 'modified'), lines top to bottom. */
async function diffSide(page, side) {
  return page.$$eval(`.editor-group-container.active .monaco-diff-editor .editor.${side} .view-lines .view-line`, (lines) =>
    lines.map((line) => ({ top: Number.parseFloat(line.style.top || '0'), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top).map((line) => line.text));
}

/** An action of the active editor's title bar by its title (Apply, Discard). */
function titleAction(page, title) {
  return page.locator(`.editor-group-container.active .title .editor-actions .action-label[aria-label="${title}"]`);
}

/** The titles of the active editor's title bar actions. */
async function titleActions(page) {
  return page.$$eval('.editor-group-container.active .title .editor-actions .action-label', (list) => list.map((item) => item.getAttribute('aria-label') ?? ''));
}

/**
 * F1 and `Kubesmith: Harden Manifest` with Harden Manifest's diff active: the palette offers the
 * diff's Apply and Discard (category "Kubesmith: Harden Manifest") and not the command itself,
 * though it was just run (recently used commands are listed first). Closes the palette.
 */
async function paletteWithoutHarden(ui) {
  const { page } = ui;
  const title = 'Kubesmith: Harden Manifest';
  await page.keyboard.press('F1');
  await ui.quickInput().waitFor({ state: 'visible' });
  await page.keyboard.type(title);
  const answers = [`${title}: Apply`, `${title}: Discard`];
  const rows = await until(`the palette to offer ${answers.join(' and ')}`, async () => {
    const labels = await page.$$eval('.quick-input-list .monaco-list-row .quick-input-list-label .label-name', (list) => list.map((item) => (item.textContent ?? '').trim()));
    return answers.every((answer) => labels.includes(answer)) ? labels : undefined;
  });
  check(!rows.includes(title), `the palette offers "${title}" on its own diff: ${rows.join(' | ')}`);
  await page.keyboard.press('Escape');
  await ui.quickInput().waitFor({ state: 'hidden' });
}

/**
 * Runs Harden Manifest from the palette on `name` (open and active), with its preview on: waits
 * for the diff of the file and the hardened text, and for the notification with Apply and Discard.
 */
async function openHardenPreview(ui, name, expected) {
  const { page } = ui;
  await ui.runCommand('Kubesmith: Harden Manifest');
  await page.locator(`.tabs-container .tab.active[aria-label^="${previewTitle(name)}"]`).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS })
    .catch(async () => { throw new UiError(`no active tab "${previewTitle(name)}"; tabs: ${(await tabLabels(page)).join(' | ')}`); });
  const { toast, message } = await holdToast(ui, 'Harden Manifest:');
  check(message === `Harden Manifest: ${expected.summary.join('; ')}.`, `the notification says "${message}", not "Harden Manifest: ${expected.summary.join('; ')}."`);
  for (const label of ['Apply', 'Discard']) check(await toastButton(toast, label).isVisible(), `the notification has no ${label} button`);
  // The diff: the file on the left, the hardened text on the right, opened where the change starts.
  await until('the diff to show the hardened Deployment on the right', async () => {
    const right = await diffSide(page, 'modified');
    return ['allowPrivilegeEscalation: false', 'runAsNonRoot: true', 'readinessProbe:'].every((text) => right.some((line) => line.trim() === text));
  });
  const left = await diffSide(page, 'original');
  check(!left.some((line) => line.includes('runAsNonRoot')), `the left side of the diff is not the file as it is: ${left.join(' / ')}`);
  return toast;
}

async function hardenFromPalette(ui, { serverJs }) {
  const { page, workspaceDir } = ui;
  const file = join(workspaceDir, 'manifests', 'harden.yaml');
  const original = readFileSync(file, 'utf8');
  const expected = await hardenedText(serverJs, workspaceDir, file);
  check(expected.text !== original, 'the language server has nothing to harden in harden.yaml');
  // The whole editor area for the diff.
  await ui.runCommand('Notifications: Clear All Notifications');
  if (await ui.panelVisible()) await ui.runCommand('View: Hide Panel');
  await ui.openFile('harden.yaml');
  await page.keyboard.press('Control+1');
  const before = await ui.visibleLines();
  check(before.some((line) => line.includes('image: nginx:latest')), `harden.yaml is not shown: ${before.join(' / ')}`);

  await openHardenPreview(ui, 'harden.yaml', expected);
  // The pointer stays on the notification (see holdToast): its hover look is in the picture.
  await ui.screenshot('harden-preview.png', undefined, { keepPointer: true });

  // The palette, with the diff active: its Apply and Discard, not Harden Manifest itself (the
  // right side is YAML too, and running it there used to fail).
  await paletteWithoutHarden(ui);
  // Apply in the diff's title bar (the notification's own buttons are clicked in the Discard step).
  const apply = titleAction(page, 'Apply');
  await apply.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).catch(async () => {
    throw new UiError(`no Apply in the diff's title bar; actions: ${(await titleActions(page)).join(' | ')}`);
  });
  check(await titleAction(page, 'Discard').isVisible(), `no Discard in the diff's title bar; actions: ${(await titleActions(page)).join(' | ')}`);
  check(await apply.evaluate((element) => element.classList.contains('codicon-check')), 'the title bar\'s Apply is not the ✓ icon');
  await apply.click();
  await until('the diff to close', async () => !(await tabLabels(page)).some((label) => label.startsWith(previewTitle('harden.yaml'))));
  await page.locator('.tabs-container .tab.active[aria-label^="harden.yaml"]').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await until('the editor to show the hardened Deployment', async () => (await ui.visibleLines()).some((line) => line.trim() === 'securityContext:'));
  await until('harden.yaml to be modified (not saved)', async () => page.locator('.tabs-container .tab.active.dirty').isVisible(), 5000);
  await holdToast(ui, 'Kubesmith hardened');
  // Saved, the file is exactly what the language server computes.
  await page.keyboard.press('Control+1');
  await page.keyboard.press('Control+S');
  // (Read until the whole text is there: a save may be seen half-written.)
  const saved = await until('harden.yaml to be saved with the hardened text', async () => {
    const text = readFileSync(file, 'utf8');
    return text === expected.text ? text : undefined;
  }).catch((error) => {
    const text = readFileSync(file, 'utf8');
    throw new UiError(`${error.message}; the file differs from the server's hardening from line ${firstDifference(text, expected.text)}`);
  });
  for (const line of original.split('\n').filter((text) => text.includes('#'))) check(saved.includes(line), `a comment was lost: ${line}`);
  check(saved.endsWith(original.slice(original.indexOf('\n---\n'))), 'the Service and the ConfigMap changed');
  await ui.runCommand('Notifications: Clear All Notifications');
}

/** The 1-based line where two texts first differ. */
function firstDifference(a, b) {
  const left = a.split('\n');
  const right = b.split('\n');
  let line = 0;
  while (line < Math.max(left.length, right.length) && left[line] === right[line]) line++;
  return `${line + 1} (${JSON.stringify(left[line])} vs ${JSON.stringify(right[line])})`;
}

async function hardenDiscard(ui, { serverJs }) {
  const { page, workspaceDir } = ui;
  // A fresh copy of the fixture, whatever the step before did.
  const name = 'harden-discard.yaml';
  const file = join(workspaceDir, 'manifests', name);
  const original = readFileSync(join(fixtureWorkspace, 'manifests', 'harden.yaml'), 'utf8');
  writeFileSync(file, original);
  const expected = await hardenedText(serverJs, workspaceDir, file);
  await ui.runCommand('Notifications: Clear All Notifications');
  // One click in the Explorer: a preview tab (italic title), which the diff must not replace.
  await ui.openInPreviewTab('manifests', name);
  await page.keyboard.press('Control+1');
  const before = await ui.visibleLines();

  const toast = await openHardenPreview(ui, name, expected);
  const fileTabs = (await tabLabels(page)).filter((label) => label.startsWith(name) && !label.startsWith(previewTitle(name)));
  check(fileTabs.length === 1, `the file's own tab is gone while the diff is open (tabs: ${(await tabLabels(page)).join(' | ')})`);
  await toastButton(toast, 'Discard').click();
  await until('the diff to close', async () => !(await tabLabels(page)).some((label) => label.startsWith(previewTitle(name))));
  await page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  check(!(await page.locator('.tabs-container .tab.active.dirty').isVisible()), `${name} is modified after Discard`);
  // The editor shows the file's own text again: its visible lines are a run of the original's lines
  // (read until the editor has drawn them; code lenses, which come and go as they resolve, and the
  // restored scroll position may show another run than before the preview).
  const originalLines = original.split('\n');
  const showsOriginal = (lines) => lines.length > 5 && originalLines.some((_, start) => lines.every((line, i) => originalLines[start + i] === line));
  await until('the editor to show the file as it was', async () => showsOriginal(await ui.visibleLines())).catch(async (error) => {
    throw new UiError(`${error.message}: the editor shows other text after Discard (before: ${before.slice(0, 8).join(' / ')}; after: ${(await ui.visibleLines()).slice(0, 8).join(' / ')})`);
  });
  check(readFileSync(file, 'utf8') === original, `${name} changed on disk after Discard`);
  const toasts = await page.$$eval('.notifications-toasts .notification-list-item-message', (list) => list.map((item) => item.textContent ?? ''));
  check(!toasts.some((text) => text.startsWith('Kubesmith hardened')), `a notification says the file was hardened: ${toasts.join(' | ')}`);
}

async function hardenFromRefactorMenu(ui, { serverJs }) {
  const { page, workspaceDir } = ui;
  const name = 'harden-refactor.yaml';
  const file = join(workspaceDir, 'manifests', name);
  const original = readFileSync(join(fixtureWorkspace, 'manifests', 'harden.yaml'), 'utf8');
  writeFileSync(file, original);
  const expected = await hardenedText(serverJs, workspaceDir, file);
  await ui.runCommand('Notifications: Clear All Notifications');
  await ui.openFile(name);
  await ui.goTo(1, 1);

  // Ctrl+Shift+R: the refactorings here; Harden Manifest is the one. (Should the menu come
  // before the language server has the file, as when the step runs alone, close it and ask again.)
  const menu = page.locator('.action-widget');
  const rows = await until('"Harden Manifest" in the Refactor menu', async () => {
    await page.keyboard.press('Control+Shift+R');
    const list = await until('the Refactor menu', async () => {
      const items = await page.$$eval('.action-widget .monaco-list-row.action', (found) => found.map((row) => row.getAttribute('aria-label') ?? row.textContent));
      return items.includes('Harden Manifest') ? items : undefined;
    }, 3000).catch(() => undefined);
    if (!list) {
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    }
    return list;
  });
  check(rows.length === 1, `the Refactor menu offers more than Harden Manifest: ${rows.join(' | ')}`);
  // Ctrl+Enter: VS Code's Refactor Preview instead of applying at once.
  await page.keyboard.press('Control+Enter');
  const preview = page.locator('.bulk-edit-panel');
  await preview.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const fileRow = preview.locator(`.monaco-list-row[aria-label^="manifests/${name}"]`);
  await fileRow.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const boxes = await until('the Refactor Preview to list the change', async () => {
    const states = await preview.locator('.monaco-list-row input.edit-checkbox').evaluateAll((inputs) => inputs.map((input) => input.checked));
    return states.length >= 2 ? states : undefined;
  });
  check(boxes.every(Boolean), `the Refactor Preview lists Harden Manifest's change unticked (${boxes.join(', ')})`);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await preview.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  await page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await until(`${name} to be modified`, async () => page.locator('.tabs-container .tab.active.dirty').isVisible());
  await page.keyboard.press('Control+1');
  await page.keyboard.press('Control+S');
  await until(`${name} to be saved with the hardened text`, async () => readFileSync(file, 'utf8') === expected.text).catch((error) => {
    throw new UiError(`${error.message}; the file differs from the server's hardening from line ${firstDifference(readFileSync(file, 'utf8'), expected.text)}`);
  });
}

async function completionInContainer(ui) {
  const { page, workspaceDir } = ui;
  const text = readFileSync(join(workspaceDir, 'manifests', 'authoring.yaml'), 'utf8').split('\n');
  const line = text.findIndex((entry) => entry.trim() === 'securityContext:') + 1;
  const fieldIndent = /^\s*/.exec(text[line])[0].length; // the indentation of securityContext's fields
  await ui.runCommand('Notifications: Clear All Notifications');
  if (await ui.panelVisible()) await ui.runCommand('View: Hide Panel');
  await ui.openFile('authoring.yaml');
  await ui.goTo(line, text[line - 1].length + 1); // the end of `securityContext:`
  await page.keyboard.press('Enter'); // YAML keeps the indentation: one more level with Tab
  await page.keyboard.press('Tab');
  await ui.waitForCursor(line + 1, fieldIndent + 1);

  const suggest = page.locator('.editor-widget.suggest-widget.visible');
  const rows = () => page.$$eval('.suggest-widget.visible .monaco-list-row', (list) => list.map((row) => row.getAttribute('aria-label') ?? ''));
  // Ctrl+Space; should the list come without Kubesmith's fields (its server still starting when
  // the step runs alone), close it and ask again.
  const offered = await until('runAsNonRoot among the suggestions', async () => {
    await page.keyboard.press('Control+Space');
    await suggest.waitFor({ state: 'visible', timeout: 5000 });
    const found = await until('the suggestions to settle', async () => {
      const list = await rows();
      return list.some((row) => row.startsWith('runAsNonRoot,')) ? list : undefined;
    }, 3000).catch(() => undefined);
    if (!found) await page.keyboard.press('Escape');
    return found;
  });
  for (const field of ['readOnlyRootFilesystem', 'capabilities']) check(offered.some((row) => row.startsWith(`${field},`)), `${field} is not offered: ${offered.join(' | ')}`);
  check(!offered.some((row) => row.startsWith('allowPrivilegeEscalation,')), 'allowPrivilegeEscalation is offered though it is set');

  // Down the list to it, with its documentation beside the list.
  const focused = async () => page.locator('.suggest-widget.visible .monaco-list-row.focused').first().getAttribute('aria-label', { timeout: 1000 }).catch(() => undefined);
  for (let step = 0; step < offered.length && !(await focused())?.startsWith('runAsNonRoot,'); step++) {
    const before = await focused();
    await page.keyboard.press('ArrowDown');
    await until('the next suggestion to be selected', async () => (await focused()) !== before, 5000);
  }
  check((await focused())?.startsWith('runAsNonRoot,'), `runAsNonRoot could not be selected (at ${await focused()})`);
  const details = page.locator('.suggest-details-container .suggest-details');
  if (!(await details.isVisible())) await page.keyboard.press('Control+Space'); // "Read More"
  await until('the documentation of runAsNonRoot', async () => {
    const shown = (await details.textContent({ timeout: 1000 }))?.replace(/\u00a0/g, ' ');
    return shown?.includes('Indicates that the container must run as a non-root user') && shown.includes('spec.template.spec.containers[].securityContext.runAsNonRoot');
  });
  const editor = await page.locator('.editor-group-container.active .editor-instance').boundingBox();
  const box = around([await suggest.boundingBox(), await page.locator('.suggest-details-container').boundingBox()], 0);
  await ui.screenshot('completion-in-container.png', { x: editor.x, y: box.y - 340, width: box.x + box.width + 30 - editor.x, height: box.height + 380 });
  await ui.closeWidgets();
}

/** The steps of the walkthrough page shown: `{ id, done }` in order. */
async function walkthroughSteps(page) {
  return page.$$eval('button.getting-started-step', (steps) => steps.filter((step) => step.getClientRects().length > 0)
    .map((step) => ({ id: (step.getAttribute('data-step-id') ?? '').split('#').pop(), done: step.getAttribute('aria-checked') === 'true' })));
}

async function untilStepsDone(ui, expected, what) {
  let last = [];
  await until(`the walkthrough to show ${what}`, async () => {
    last = await walkthroughSteps(ui.page);
    return last.length === 4 && last.filter((step) => step.done).map((step) => step.id).join() === expected.join();
  }).catch((error) => {
    throw new UiError(`${error.message}; the page shows ${JSON.stringify(last)}`);
  });
}

/**
 * The getting-started walkthrough, as a new user goes through it: opened from the palette
 * ("Welcome: Open Walkthrough..."), every step starts not done; "Open the Sample" opens the sample
 * beside it (step 1 done); Ctrl+. and Enter on `contianers` apply the quick fix (step 2 done: the
 * client sets a context key when VS Code runs a Kubesmith quick fix's command); "Kubesmith: Harden
 * Manifest" from the palette (step 3 done; its preview is then discarded); the version picked in
 * the status bar (step 4 done).                                                → walkthrough.png
 */
async function walkthrough(ui) {
  const { page } = ui;
  await ui.runCommand('Notifications: Clear All Notifications');
  await ui.runCommand('View: Close All Editors');
  if (await ui.panelVisible()) await ui.runCommand('View: Hide Panel');
  // F1, the command (it opens a second picker, of walkthroughs), then Kubesmith's.
  await page.keyboard.press('F1');
  await ui.quickInput().waitFor({ state: 'visible' });
  await page.keyboard.type('Welcome: Open Walkthrough...');
  await until('the palette to offer "Welcome: Open Walkthrough..." first', async () => (await ui.focusedPick())?.includes('Open Walkthrough'));
  await page.keyboard.press('Enter');
  await until('the walkthrough picker', async () => (await page.locator('.quick-input-widget input').getAttribute('placeholder', { timeout: 1000 }))?.includes('walkthrough'));
  await page.keyboard.type('Get started with Kubesmith');
  await until('the walkthrough picker to offer "Get started with Kubesmith"', async () => (await ui.focusedPick())?.includes('Get started with Kubesmith'));
  await page.keyboard.press('Enter');
  await untilStepsDone(ui, [], 'four steps, none done');

  // 1. The sample, from the step's button.
  await page.getByRole('button', { name: 'Open the Sample', exact: true }).click();
  await page.locator('.tabs-container .tab.active[aria-label*="Untitled-"]').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await untilStepsDone(ui, ['openSample'], 'the sample step done');

  // 2. The quick fix on the typo, from the light bulb's menu.
  const lines = readFileSync(join(repoRoot, 'walkthrough', 'sample.yaml'), 'utf8').split('\n');
  const typo = lines.findIndex((line) => line.trim().startsWith('contianers:'));
  await page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
  await ui.goTo(typo + 1, lines[typo].indexOf('contianers') + 1, 2); // the sample, beside the walkthrough
  const title = 'Change `contianers` to `containers`';
  const menu = page.locator('.action-widget');
  await until(`"${title}" first in the quick fix menu`, async () => {
    await page.keyboard.press('Control+.');
    const first = await until('the quick fix menu', async () => page.locator('.action-widget .monaco-list-row.action').first().getAttribute('aria-label', { timeout: 1000 }), 3000).catch(() => undefined);
    if (first === title) return true;
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    return false;
  });
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden' });
  await until('the typo to be fixed in the editor', async () => (await ui.visibleLines()).some((line) => line.trim().startsWith('containers:')));
  await untilStepsDone(ui, ['openSample', 'quickFix'], 'the quick-fix step done');

  // 3. Harden Manifest from the palette; its preview is discarded (the notification's Discard).
  await ui.runCommand('Kubesmith: Harden Manifest');
  await page.locator('.tabs-container .tab.active[aria-label*="hardened (Kubesmith preview)"]').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const { toast } = await holdToast(ui, 'Harden Manifest:');
  await toastButton(toast, 'Discard').click();
  await until('the diff to close', async () => !(await tabLabels(page)).some((label) => label.includes('hardened (Kubesmith preview)')));
  await untilStepsDone(ui, ['openSample', 'quickFix', 'harden'], 'the harden step done');

  // 4. Another Kubernetes version, from the status bar.
  await page.locator('.part.statusbar .statusbar-item', { hasText: 'K8s 1.36' }).first().click();
  await ui.quickInput().waitFor({ state: 'visible' });
  await page.keyboard.type('1.33');
  await until('the version picker to offer 1.33', async () => (await ui.focusedPick())?.includes('1.33'));
  await page.keyboard.press('Enter');
  await ui.quickInput().waitFor({ state: 'hidden' });
  await untilStepsDone(ui, ['openSample', 'quickFix', 'harden', 'kubernetesVersion'], 'every step done');
  await ui.screenshot('walkthrough.png');

  // As it was for the steps after this one: the default version, no editor open.
  await page.locator('.part.statusbar .statusbar-item', { hasText: 'K8s 1.33' }).first().click();
  await ui.quickInput().waitFor({ state: 'visible' });
  await page.keyboard.type('1.36');
  await until('the version picker to offer 1.36', async () => (await ui.focusedPick())?.includes('1.36'));
  await page.keyboard.press('Enter');
  await ui.quickInput().waitFor({ state: 'hidden' });
  await page.locator('.part.statusbar .statusbar-item', { hasText: 'K8s 1.36' }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Control+2');
  await ui.runCommand('View: Revert and Close Editor');
  await ui.runCommand('View: Close All Editors');
}

export const UI_STEPS = [
  // First: the steps after it run Harden Manifest, which would complete the walkthrough's step.
  ['UI: the walkthrough\'s steps are done as a new user does them: the sample opened, a quick fix applied, Harden Manifest run, the version chosen', walkthrough],
  ['UI: the Problems panel and the status bar count what the language server publishes', problemsPanel],
  ['UI: Ctrl+. on the `contianers` line offers "Change `contianers` to `containers`", which Enter applies', quickFixMenu],
  ['UI: the light bulb shows on a line with a problem, not on a plain line of a workload file', lightBulbOnlyOnProblems],
  ['UI: "Kubesmith: Harden Manifest" from the command palette shows the change as a diff; Apply in its title bar writes what the server computes', hardenFromPalette],
  ['UI: Discard in Harden Manifest\'s notification closes the diff and changes nothing; the file\'s preview tab stays and is shown again', hardenDiscard],
  ['UI: Ctrl+Shift+R offers Harden Manifest; Ctrl+Enter previews it ticked in the Refactor Preview, whose Apply hardens the file', hardenFromRefactorMenu],
  ['UI: Ctrl+Space in a container\'s securityContext offers runAsNonRoot with its documentation', completionInContainer],
];

/**
 * Runs the steps in a page that has just been pointed at the workbench URL; returns test results
 * in the suite's format (index.ts TestResult). A failed step is screenshot into test-results/ and
 * the next one still runs, after Escape closed what the failed one left open.
 */
export async function runUiSteps(page, { steps = UI_STEPS, workspaceDir, serverJs, applyTheme, mode, log, grep }) {
  const ui = new UiDriver(page, { workspaceDir, log });
  const results = [];
  const started = Date.now();
  try {
    await workbenchReady(ui, { applyTheme });
    log(`workbench ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    return [{ fullTitle: 'UI: the workbench opens with the extension', state: 'failed', durationMs: Date.now() - started, error: { message: error.message, stack: error.stack } }];
  }
  for (const [title, step] of steps) {
    if (grep && !new RegExp(grep).test(title)) continue;
    const stepStarted = Date.now();
    try {
      await step(ui, { serverJs });
      results.push({ fullTitle: title, state: 'passed', durationMs: Date.now() - stepStarted });
    } catch (error) {
      const result = { fullTitle: title, state: 'failed', durationMs: Date.now() - stepStarted, error: { message: error.message, ...(error instanceof UiError ? {} : { stack: error.stack }) } };
      mkdirSync(resultsDir, { recursive: true });
      const shot = join(resultsDir, `failed-ui-${mode}-${title.replace(/[^\w]+/g, '-').slice(0, 80)}.png`);
      await page.screenshot({ path: shot }).then(() => { result.screenshot = shot; }, () => {});
      results.push(result);
      await ui.closeWidgets().catch(() => {});
    }
  }
  return results;
}
