import { Codes } from '../../../diagnostics';
import { Quantity, compareQuantities, parseQuantity } from '../../../quantity';
import type { PathSegment } from '../../../yaml/nodes';
import { CheckContext, isObject, objectAt } from '../context';
import { qualifiedNameProblem } from '../names';

/**
 * A container's `resources` (core's ValidateContainerResourceRequirements): which resource names a
 * container may use, the quantities each takes, requests at most the limits (equal for resources
 * that cannot be overcommitted: extended resources and huge pages), and huge pages' own rules.
 */

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const HUGEPAGES = 'hugepages-';
const BINARY_UNITS: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL_UNITS: Record<string, bigint> = { '': 1n, k: 10n ** 3n, M: 10n ** 6n, G: 10n ** 9n, T: 10n ** 12n, P: 10n ** 15n, E: 10n ** 18n };
const PAGE_SIZE = /^(\d+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

const notContainerResource = (name: string) =>
  `\`${name}\` is not a resource a container can use: \`cpu\`, \`memory\`, \`ephemeral-storage\`, \`hugepages-<size>\`, or an extended resource with a domain prefix (such as \`example.com/gpu\`).`;
const badExtendedName = (name: string) =>
  `\`${name}\` is not a valid extended resource name: the API server checks it as \`requests.${name}\`, which must be a qualified name of at most 63 characters after the prefix.`;
const negative = (section: string, name: string, value: string) =>
  `\`${section}.${name}: ${value}\` is negative; a resource quantity must be 0 or more.`;
const notInteger = (section: string, name: string, value: string) =>
  `\`${section}.${name}: ${value}\` is not a whole number; extended resources are counted in whole units.`;
const requestAboveLimit = (name: string, request: string, limit: string) =>
  `\`requests.${name}: ${request}\` is more than \`limits.${name}: ${limit}\`; the API server requires requests to be at most the limits.`;
const requestNotLimit = (name: string, request: string, limit: string) =>
  `\`requests.${name}: ${request}\` differs from \`limits.${name}: ${limit}\`; \`${name}\` cannot be overcommitted, so its request must equal its limit.`;
const limitRequired = (name: string) =>
  `\`${name}\` is requested without a limit; it cannot be overcommitted, so set \`limits.${name}\` to the same amount.`;
const badPageSize = (name: string) =>
  `\`${name}\` is not a valid huge page resource: write the page size after \`hugepages-\`, such as \`hugepages-2Mi\` or \`hugepages-1Gi\`.`;
const notPageMultiple = (section: string, name: string, value: string) =>
  `\`${section}.${name}: ${value}\` is not a whole number of ${name.slice(HUGEPAGES.length)} pages.`;
const hugePagesAlone = () =>
  'Huge pages need `cpu` or `memory` in the same `requests` or `limits`; the API server rejects a container that asks only for huge pages.';

/** Whether a resource may be overcommitted (requests below limits): native resources other than huge pages. */
function overcommitAllowed(name: string): boolean {
  return isNative(name) && !name.startsWith(HUGEPAGES);
}

/** Unprefixed names and `*kubernetes.io/` ones are native; other prefixed names are extended resources. */
function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** The page size of a `hugepages-<size>` resource in bytes, or undefined. */
function pageSize(name: string): bigint | undefined {
  const match = PAGE_SIZE.exec(name.slice(HUGEPAGES.length));
  if (!match) return undefined;
  const size = BigInt(match[1]) * (BINARY_UNITS[match[2] ?? ''] ?? DECIMAL_UNITS[match[2] ?? ''] ?? 1n);
  return size > 0n ? size : undefined;
}

/** A quantity's value in whole units when it is one (`2`, `4Gi`), else undefined (`500m`). */
function wholeUnits(quantity: Quantity): bigint | undefined {
  if (quantity.exp10 < 0) {
    const divisor = 10n ** BigInt(-quantity.exp10);
    if (quantity.digits % divisor !== 0n) return undefined;
    return (quantity.digits / divisor) * 2n ** BigInt(quantity.exp2);
  }
  return quantity.digits * 10n ** BigInt(quantity.exp10) * 2n ** BigInt(quantity.exp2);
}

/** Whether a resource name is one a container may use; reports it when not. */
function checkName(ctx: CheckContext, name: string, path: PathSegment[]): boolean {
  const qualified = qualifiedNameProblem(name, 'resource name');
  if (qualified) {
    ctx.report(Codes.serverResources, path, qualified, { at: 'key' });
    return false;
  }
  if (!name.includes('/')) {
    if (STANDARD_CONTAINER_RESOURCES.has(name)) return true;
    if (name.startsWith(HUGEPAGES)) {
      if (pageSize(name) !== undefined) return true;
      ctx.report(Codes.serverResources, path, badPageSize(name), { at: 'key' });
      return false;
    }
    ctx.report(Codes.serverResources, path, notContainerResource(name), { at: 'key' });
    return false;
  }
  if (!isNative(name) && (name.startsWith('requests.') || qualifiedNameProblem(`requests.${name}`, 'resource name'))) {
    ctx.report(Codes.serverResources, path, badExtendedName(name), { at: 'key' });
    return false;
  }
  return true;
}

export function checkContainerResources(ctx: CheckContext, resources: unknown, path: PathSegment[]): void {
  const spec = objectAt(resources);
  if (!spec) return;
  const parsed: Record<'limits' | 'requests', Map<string, { quantity: Quantity; text: string }>> = { limits: new Map(), requests: new Map() };
  let computeResource = false;
  let hugePages = false;
  for (const section of ['limits', 'requests'] as const) {
    const list = spec[section];
    if (!isObject(list)) continue;
    for (const name of Object.keys(list)) {
      const at = [...path, section, name];
      if (!checkName(ctx, name, at)) continue;
      const raw = list[name];
      const quantity = parseQuantity(raw);
      if (!quantity) continue; // the schema check reports a value that is not a quantity
      const text = String(raw);
      parsed[section].set(name, { quantity, text });
      if (name === 'cpu' || name === 'memory') computeResource = true;
      if (quantity.digits < 0n) {
        ctx.report(Codes.serverResources, at, negative(section, name, text));
        continue;
      }
      if (!isNative(name) && wholeUnits(quantity) === undefined) ctx.report(Codes.serverResources, at, notInteger(section, name, text));
      if (name.startsWith(HUGEPAGES)) {
        hugePages = true;
        const size = pageSize(name);
        const bytes = wholeUnits(quantity);
        if (size !== undefined && (bytes === undefined || bytes % size !== 0n)) ctx.report(Codes.serverResources, at, notPageMultiple(section, name, text));
      }
    }
  }
  if (ctx.partial) return; // the base may hold the other half of a request/limit pair
  for (const [name, request] of parsed.requests) {
    const limit = parsed.limits.get(name);
    const at = [...path, 'requests', name];
    if (!limit) {
      if (!overcommitAllowed(name)) ctx.report(Codes.serverResources, at, limitRequired(name), { at: 'key' });
      continue;
    }
    const order = compareQuantities(request.quantity, limit.quantity);
    if (!overcommitAllowed(name) && order !== 0) ctx.report(Codes.serverResources, at, requestNotLimit(name, request.text, limit.text));
    else if (order > 0) ctx.report(Codes.serverResources, at, requestAboveLimit(name, request.text, limit.text));
  }
  if (hugePages && !computeResource) ctx.report(Codes.serverResources, path, hugePagesAlone(), { at: 'key' });
}
