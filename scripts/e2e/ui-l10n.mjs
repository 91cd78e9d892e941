// The UI test in Simplified Chinese (node scripts/e2e/run.mjs --locale zh-cn): code-server started
// with `--locale zh-cn`, which is VS Code's display language (`vscode.env.language`) even with no
// language pack installed — VS Code's own words stay English offline, Kubesmith's are Chinese:
// package.json's from package.nls.zh-cn.json, the client's and the server's from
// l10n/bundle.l10n.zh-cn.json (the client sends the language in `initialize`).
//
// Steps:
//   1. The Problems panel lists the broken manifest's diagnostics in Chinese, exactly those the
//      language server publishes when initialized with `locale: zh-cn` (asked over LSP).
//   2. Ctrl+. on the `contianers` line offers "将 `contianers` 改为 `containers`" first.
//   3. The command palette offers "Kubesmith: 加固清单" for "加固", with the Chinese diagnostics
//      below it.                                                           → chinese-ui.png
import { join } from 'node:path';
import { publishedDiagnostics } from './lsp.mjs';
import { STEP_TIMEOUT_MS, UiError, check, until } from './ui-test.mjs';

const FILE = 'manifests/broken-deployment.yaml';

async function problemsInChinese(ui, { serverJs }) {
  const { page, workspaceDir } = ui;
  const expected = (await publishedDiagnostics(serverJs, workspaceDir, [join(workspaceDir, FILE)], { locale: 'zh-cn' })).get(join(workspaceDir, FILE));
  const messages = expected.filter((d) => d.severity <= 3).map((d) => d.message);
  check(messages.includes('`contianers` 不是 `spec.template.spec` 的字段；你是否想写 `containers`？'), `the server's Chinese diagnostics: ${messages.join(' | ')}`);
  await ui.openFile('broken-deployment.yaml');
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor({ state: 'visible' });
  // Each row's label is VS Code's severity word (English: no language pack offline), then the message.
  const rows = await until(`the Problems panel to list the ${messages.length} Chinese diagnostics`, async () => {
    const labels = await page.$$eval('.markers-panel .monaco-list-row', (list) => list.map((row) => row.getAttribute('aria-label') ?? ''));
    return messages.every((message) => labels.some((label) => label.includes(message))) ? labels : undefined;
  });
  check(!rows.some((label) => /is not a field of|is missing the required field|must be an integer/.test(label)), `an English diagnostic in the Problems panel: ${rows.join(' | ')}`);
  ui.log(`Problems panel: ${messages.length} diagnostics in Chinese, e.g. ${messages[0]}`);
}

async function quickFixInChinese(ui) {
  const { page } = ui;
  await ui.openFile('broken-deployment.yaml');
  await page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
  await ui.goTo(12, 7);
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget');
  await menu.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const title = '将 `contianers` 改为 `containers`';
  const rows = await until(`"${title}" in the quick fix menu`, async () => {
    const labels = await page.$$eval('.action-widget .monaco-list-row.action', (list) => list.map((row) => row.getAttribute('aria-label') ?? row.textContent));
    return labels.includes(title) ? labels : undefined;
  });
  check(rows[0] === title, `the first (preferred) quick fix is "${rows[0]}", not "${title}"`);
  check(rows.some((row) => row?.startsWith('对此行禁用 ')), `no Chinese "disable for this line" action: ${rows.join(' | ')}`);
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });
}

async function paletteInChinese(ui) {
  const { page } = ui;
  await ui.openFile('broken-deployment.yaml');
  await ui.goTo(12, 7);
  await page.keyboard.press('F1');
  await ui.quickInput().waitFor({ state: 'visible' });
  await page.keyboard.type('加固');
  const title = 'Kubesmith: 加固清单';
  await until(`the palette to offer "${title}" first`, async () => {
    const label = await page.locator('.quick-input-list .monaco-list-row.focused .quick-input-list-label .label-name').first().textContent({ timeout: 1000 }).catch(() => undefined);
    return label?.trim() === title;
  }).catch(async (error) => {
    const labels = await page.$$eval('.quick-input-list .monaco-list-row', (list) => list.map((row) => row.textContent));
    throw new UiError(`${error.message}; the palette lists: ${labels.join(' | ')}`);
  });
  // The Problems panel (open since step 1) stays below the palette in the picture.
  await ui.screenshot('chinese-ui.png', undefined, { keepPointer: true });
  await page.keyboard.press('Escape');
  await ui.quickInput().waitFor({ state: 'hidden' });
}

export const L10N_UI_STEPS = [
  ['UI (zh-cn): the Problems panel lists Kubesmith\'s diagnostics in Chinese, as the server publishes them for locale zh-cn', problemsInChinese],
  ['UI (zh-cn): Ctrl+. on the `contianers` line offers the Chinese quick fix first', quickFixInChinese],
  ['UI (zh-cn): the command palette offers "Kubesmith: 加固清单"', paletteInChinese],
];
