import { strict as assert } from 'node:assert';
import { expectExit, fixture, kubesmith, parseJson, removeDir, tempDir, writeTree } from './helpers';

/**
 * The CLI in Simplified Chinese: `--lang zh-CN` anywhere before `--`, or the locale of the
 * environment (LC_ALL, then LC_MESSAGES, then LANG). Codes, rule ids and options stay as they are.
 */

const LINT = fixture('lint');

const CHINESE_APP = [
  'app/config.yaml',
  '  app/config.yaml:7:9  error    wrong-type  `data.PORT` 必须是字符串，而不是数字 8080；请加上引号："8080"。',
  '',
  'app/service.yaml',
  '  app/service.yaml:6:3   info     selector-matches-nothing  名字空间 `default` 中没有 Pod 匹配此 Service 的选择算符（`app: api`）；它的流量无处可去。',
  '  app/service.yaml:11:5  error    unknown-field             `protocl` 不是 `spec.ports[0]` 的字段；你是否想写 `protocol`？',
  '  app/service.yaml:17:1  error    missing-required          `spec` 缺少必需字段 `maxReplicas`。',
  '  app/service.yaml:17:1  error    missing-required          `spec` 缺少必需字段 `scaleTargetRef`。',
  '',
  '5 个问题（4 个错误、0 个警告、1 个信息），分布在 2 个文件中（共检查 3 个）',
  '',
].join('\n');

describe('kubesmith in Chinese', () => {
  it('--lang zh-CN: findings and summary', () => {
    const result = expectExit(kubesmith(['lint', 'app', '--lang', 'zh-CN', '--no-color'], { cwd: LINT }), 1);
    assert.equal(result.stdout, CHINESE_APP);
    // Before the command, or as --lang=...: the same.
    assert.equal(expectExit(kubesmith(['--lang=zh-CN', 'lint', 'app', '--no-color'], { cwd: LINT }), 1).stdout, CHINESE_APP);
  });

  it('LANG=zh_CN.UTF-8 (or LC_ALL, LC_MESSAGES) gives the same; --lang en wins over it', () => {
    assert.equal(expectExit(kubesmith(['lint', 'app', '--no-color'], { cwd: LINT, env: { LANG: 'zh_CN.UTF-8' } }), 1).stdout, CHINESE_APP);
    assert.equal(expectExit(kubesmith(['lint', 'app', '--no-color'], { cwd: LINT, env: { LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' } }), 1).stdout, CHINESE_APP);
    const english = expectExit(kubesmith(['lint', 'app', '--no-color', '--lang', 'en'], { cwd: LINT, env: { LC_ALL: 'zh_CN.UTF-8' } }), 1);
    assert.match(english.stdout, /`protocl` is not a field of `spec.ports\[0\]`; did you mean `protocol`\?/);
    assert.match(english.stdout, /5 problems \(4 errors, 0 warnings, 1 info\) in 2 files \(3 checked\)\n$/);
    // An English or C locale is English.
    assert.match(expectExit(kubesmith(['lint', 'app', '--no-color'], { cwd: LINT, env: { LANG: 'C.UTF-8' } }), 1).stdout, /5 problems/);
  });

  it('JSON and SARIF carry Chinese messages and the same codes', () => {
    const english = parseJson(expectExit(kubesmith(['lint', 'app', '--format', 'json'], { cwd: LINT }), 1));
    const chinese = parseJson(expectExit(kubesmith(['lint', 'app', '--format', 'json', '--lang', 'zh-CN'], { cwd: LINT }), 1));
    assert.deepEqual(chinese.map(({ message, ...rest }) => rest), english.map(({ message, ...rest }) => rest));
    assert.equal(chinese[0].message, '`data.PORT` 必须是字符串，而不是数字 8080；请加上引号："8080"。');
    const sarif = JSON.parse(expectExit(kubesmith(['lint', 'app', '--format', 'sarif', '--lang', 'zh-CN'], { cwd: LINT }), 1).stdout) as { runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } } }[] };
    const rule = sarif.runs[0].tool.driver.rules.find((candidate) => candidate.id === 'unknown-field');
    assert.equal(rule?.shortDescription.text, '未知字段');
  });

  it('help, usage errors and the rules list', () => {
    const help = expectExit(kubesmith(['--help', '--lang', 'zh-CN']), 0).stdout;
    assert.match(help, /^用法：kubesmith <命令> \[选项\]\n\n离线检查 Kubernetes 清单/);
    assert.match(help, /--lang LANG 消息的语言：en 或 zh-CN/);
    assert.match(expectExit(kubesmith(['lint', '--help', '--lang', 'zh-CN']), 0).stdout, /^用法：kubesmith lint \[选项\] \[PATH\|GLOB\|-\]\.\.\.\n/);
    assert.match(expectExit(kubesmith(['lint', '--help', '--lang', 'zh-CN']), 0).stdout, /--fail-on error\|warning\|info +报告了此严重级别或更高级别的问题时以退出码 1 退出（默认：error）/);
    const usage = expectExit(kubesmith(['lnt', '--lang', 'zh-CN']), 2);
    assert.equal(usage.stderr, 'kubesmith: 未知的命令 `lnt`；你是否想写 `lint`？\n运行 `kubesmith --help` 查看用法。\n');
    const rules = expectExit(kubesmith(['rules', '--lang', 'zh-CN', '--no-color']), 0).stdout;
    assert.match(rules, /^no-latest-tag {2}镜像必须固定到某个版本\n {2}严重级别 warning · 类别 images · 配置档 baseline/m);
    assert.match(rules, /^ {2}原因：没有标签或标签为 `latest` 的镜像会在你不知情时改变/m);
    const json = JSON.parse(expectExit(kubesmith(['rules', '--format', 'json', '--lang', 'zh-CN']), 0).stdout) as { id: string; title: string }[];
    assert.equal(json.find((rule) => rule.id === 'no-latest-tag')?.title, '镜像必须固定到某个版本');
    assert.equal(expectExit(kubesmith(['--lang']), 2).stderr, 'kubesmith: `--lang` needs a language, e.g. `--lang zh-CN` or `--lang en`.\nRun `kubesmith --help` for usage.\n');
  });

  it('worker threads write in the main thread\'s language', () => {
    const dir = tempDir();
    try {
      const files: Record<string, string> = {};
      for (let i = 0; i < 60; i++) files[`svc-${i}.yaml`] = `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  ports:\n  - port: 80\n    protocl: TCP\n`;
      writeTree(dir, files);
      const inProcess = expectExit(kubesmith(['lint', '--jobs', '1', '--format', 'json', '--lang', 'zh-CN'], { cwd: dir }), 1).stdout;
      const parallel = expectExit(kubesmith(['lint', '--jobs', '2', '--format', 'json', '--lang', 'zh-CN'], { cwd: dir }), 1).stdout;
      assert.equal(parallel, inProcess);
      const messages = parseJson({ code: 1, stdout: parallel, stderr: '' }).map((finding) => finding.message);
      assert.equal(messages.length, 60);
      assert.ok(messages.every((message) => message === '`protocl` 不是 `spec.ports[0]` 的字段；你是否想写 `protocol`？'), messages[0]);
    } finally {
      removeDir(dir);
    }
  });
});
