const root = '/work/rules2';
const { generate, DEFAULT_SEED } = require(`${root}/bench/generate`);
const { newService } = require(`${root}/test/helpers`);
const { DEFAULT_SETTINGS } = require(`${root}/protocol/settings`);
const { RULES } = require(`${root}/server/src/core/rules/registry`);
const suppress = require(`${root}/server/src/core/rules/suppressions`);
const file = generate(1200, DEFAULT_SEED);
const text = typeof file === 'string' ? file : file.text;
const cost = new Map<string, number>();
for (const rule of RULES) {
  const check = rule.check;
  rule.check = (ctx: unknown) => { const t = process.hrtime.bigint(); try { check(ctx); } finally { cost.set(rule.meta.id, (cost.get(rule.meta.id) ?? 0) + Number(process.hrtime.bigint() - t) / 1e6); } };
}
for (let i = 0; i < 10; i++) newService().analyze(`file:///b${i}.yaml`, text, { ...DEFAULT_SETTINGS });
console.log([...cost].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([id, ms]) => `${id} ${(ms / 10).toFixed(2)}`).join('\n'));
console.log('total rules', ([...cost].reduce((s, [, ms]) => s + ms, 0) / 10).toFixed(1));
