import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCompletions } from '../../server/src/core/authoring/completion';
import { getCodeActions } from '../../server/src/core/codeActions';
import { currentLocale, setLocale, supportedLocale } from '../../server/src/core/l10n';
import { bundlePath, environmentLocale, useLocale } from '../../server/src/node/l10nBundle';
import { findSchemasDirectory } from '../../server/src/node/bundleReader';
import { loadSnippets } from '../../server/src/node/snippets';
import { renderNls } from '../../scripts/generate-settings';
import { BUNDLE, bundleText, exportMessages } from '../../scripts/export-l10n';
import { TEST_URI, analyze, describe as described, repoRoot, service, settings } from '../helpers';

/**
 * Translations (docs/architecture.md, "Translations"): the catalogue is complete and current, and a
 * Chinese session gets Chinese messages, never an English one cached before (nor the reverse).
 */

const json = (path: string) => JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as Record<string, string>;
const placeholders = (text: string) => [...new Set(text.match(/\{[^{}\s]+\}/g) ?? [])].sort();
const schemas = findSchemasDirectory(repoRoot);

describe('translations: the catalogues', function () {
  this.timeout(60_000);

  it('l10n/bundle.l10n.json holds exactly the messages of the sources (run npm run l10n:export)', async () => {
    assert.equal(readFileSync(BUNDLE, 'utf8'), bundleText(await exportMessages()));
  });

  it('bundle.l10n.zh-cn.json translates every message, with the same placeholders, and nothing else', () => {
    const english = json('l10n/bundle.l10n.json');
    const chinese = json('l10n/bundle.l10n.zh-cn.json');
    const missing = Object.keys(english).filter((key) => typeof chinese[key] !== 'string' || chinese[key].trim() === '');
    assert.deepEqual(missing, [], 'messages without a translation');
    const different = Object.keys(english).filter((key) => placeholders(key).join() !== placeholders(chinese[key]).join());
    assert.deepEqual(different, [], 'translations whose placeholders differ from the English');
    assert.deepEqual(Object.keys(chinese).filter((key) => !(key in english)), [], 'translations of messages that no longer exist');
  });

  it('package.nls.zh-cn.json translates every key of package.nls.json, which is current and covers package.json', () => {
    const english = json('package.nls.json');
    const chinese = json('package.nls.zh-cn.json');
    assert.deepEqual(Object.keys(english).filter((key) => !chinese[key]), [], 'keys without a translation');
    assert.deepEqual(Object.keys(chinese).filter((key) => !(key in english)), [], 'translations of keys that no longer exist');
    // Links and settings references (`#kubesmith.rules#`) survive the translation.
    for (const key of Object.keys(english)) {
      const refs = (text: string) => [...text.matchAll(/\((command:[^)]+|https:[^)]+)\)|#[\w.]+#/g)].map((m) => m[0]).sort();
      assert.deepEqual(refs(chinese[key]), refs(english[key]), key);
    }
    assert.equal(readFileSync(join(repoRoot, 'package.nls.json'), 'utf8'), renderNls(readFileSync(join(repoRoot, 'package.nls.json'), 'utf8')), 'run npm run settings');
    const manifest = readFileSync(join(repoRoot, 'package.json'), 'utf8');
    const used = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(used.length > 30, `${used.length} placeholders in package.json`);
    assert.deepEqual(used.filter((key) => !(key in english)), [], 'package.json placeholders without an English text');
    assert.deepEqual(Object.keys(english).filter((key) => !used.includes(key)), [], 'package.nls.json keys package.json does not use');
  });

  it('every walkthrough step has its Chinese text (VS Code reads <media>.nls.zh-cn.md)', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { contributes: { walkthroughs: { steps: { media: { markdown: string } }[] }[] } };
    for (const step of manifest.contributes.walkthroughs.flatMap((walkthrough) => walkthrough.steps)) {
      const localized = step.media.markdown.replace(/\.md$/, '.nls.zh-cn.md');
      assert.ok(existsSync(join(repoRoot, localized)), localized);
    }
  });

  it('ships the translations in the .vsix and the npm package, and not the English source', () => {
    const vscodeignore = readFileSync(join(repoRoot, '.vscodeignore'), 'utf8');
    for (const line of ['!l10n/bundle.l10n.*.json', '!package.nls.json', '!package.nls.*.json', '!walkthrough/**']) assert.ok(vscodeignore.split('\n').includes(line), line);
    const npmignore = readFileSync(join(repoRoot, '.npmignore'), 'utf8');
    assert.ok(npmignore.split('\n').includes('!l10n/bundle.l10n.*.json'));
    assert.equal(bundlePath(schemas, 'zh-cn'), join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'));
  });
});

describe('translations: the locale', () => {
  it('reads the tags editors and shells give', () => {
    for (const tag of ['zh-cn', 'zh-CN', 'zh_CN.UTF-8', 'zh_CN.utf8@pinyin', 'zh', 'zh-Hans', 'zh-Hans-CN', 'zh-SG']) assert.equal(supportedLocale(tag), 'zh-cn', tag);
    for (const tag of ['en', 'en-US', 'en_GB.UTF-8', 'C', 'C.UTF-8', 'POSIX', 'zh-TW', 'zh-Hant', 'ja', '', undefined]) assert.equal(supportedLocale(tag), 'en', String(tag));
  });

  it('takes the environment as POSIX does: LC_ALL, then LC_MESSAGES, then LANG', () => {
    assert.equal(environmentLocale({ LC_ALL: 'zh_CN.UTF-8', LC_MESSAGES: 'en_US.UTF-8', LANG: 'en_US.UTF-8' }), 'zh_CN.UTF-8');
    assert.equal(environmentLocale({ LC_ALL: '', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }), 'zh_CN.UTF-8');
    assert.equal(environmentLocale({ LANG: 'zh_CN.UTF-8' }), 'zh_CN.UTF-8');
    assert.equal(environmentLocale({}), undefined);
  });
});

describe('translations: a Chinese service', () => {
  afterEach(() => setLocale('en'));

  const deployment = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  replicas: "3"',
    '  selector:',
    '    matchLabels: { app: web }',
    '  template:',
    '    metadata:',
    '      labels: { app: web }',
    '    spec:',
    '      contianers:',
    '        - name: web',
    '          image: nginx',
    '',
  ].join('\n');

  it('writes its diagnostics in Chinese, and an English session again in English (the cache keeps the two apart)', () => {
    const english = analyze(deployment).diagnostics.map(described);
    assert.deepEqual(english, [
      '6:13-6:16 wrong-type `spec.replicas` must be an integer, not the string "3"; remove the quotes.',
      '12:5-12:9 missing-required `spec.template.spec` is missing the required field `containers`.',
      '13:7-13:17 unknown-field `contianers` is not a field of `spec.template.spec`; did you mean `containers`?',
    ]);
    assert.equal(useLocale('zh-cn', schemas), 'zh-cn');
    assert.equal(currentLocale(), 'zh-cn');
    assert.deepEqual(analyze(deployment).diagnostics.map(described), [
      '6:13-6:16 wrong-type `spec.replicas` 必须是整数，而不是字符串 "3"；请去掉引号。',
      '12:5-12:9 missing-required `spec.template.spec` 缺少必需字段 `containers`。',
      '13:7-13:17 unknown-field `contianers` 不是 `spec.template.spec` 的字段；你是否想写 `containers`？',
    ]);
    setLocale('en');
    assert.deepEqual(analyze(deployment).diagnostics.map(described), english);
  });

  it('titles its quick fixes and writes its rules\' findings in Chinese', () => {
    useLocale('zh-CN', schemas);
    const text = `${deployment}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: tool\nspec:\n  containers:\n    - name: tool\n      image: nginx\n`;
    const result = analyze(text, { profile: 'restricted' });
    const latest = result.diagnostics.find((diagnostic) => diagnostic.code === 'no-latest-tag');
    assert.equal(latest?.message, '镜像 `nginx` 没有标签，即表示 `latest`；请固定一个版本，例如 `nginx:1.2.3`，或使用摘要。');
    const titles = getCodeActions(service(), TEST_URI, text, settings({ profile: 'restricted' }), result.diagnostics).map((action) => action.title);
    for (const title of ['将 `contianers` 改为 `containers`', '对此行禁用 `no-latest-tag`', '对此资源禁用 `run-as-non-root`']) {
      assert.ok(titles.includes(title), `no "${title}" among: ${titles.join(' | ')}`);
    }
    assert.ok(titles.every((title) => !/\b(Change|Disable|Set|Remove|Add)\b/.test(title)), titles.join(' | '));
  });

  it('offers the snippets to other editors with Chinese descriptions', () => {
    useLocale('zh-cn', schemas);
    const items = getCompletions(service(), 'file:///w/new.yaml', '', settings(), { line: 0, character: 0 }, loadSnippets(schemas)).items;
    const deployment = items.find((item) => item.label === 'k8s-deployment');
    assert.equal(deployment?.detail, 'Kubernetes：Deployment（已加固）');
    assert.match((deployment?.documentation as { value: string }).value, /^通过受限 Pod 安全性标准的 Deployment：/);
  });
});
