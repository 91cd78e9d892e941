import { Codes } from '../../../diagnostics';
import { Quantity, compareQuantities, parseQuantity } from '../../../quantity';
import type { PathSegment } from '../../../yaml/nodes';
import { CheckContext, PlainObject, objectAt } from '../context';
import { qualifiedNameProblem } from '../names';
import * as l10n from '@vscode/l10n';

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
  l10n.t('`{0}` is not a resource a container can use: `cpu`, `memory`, `ephemeral-storage`, `hugepages-<size>`, or an extended resource with a domain prefix (such as `example.com/gpu`).', name);
const badExtendedName = (name: string) =>
  l10n.t('`{0}` is not a valid extended resource name: the API server checks it as `requests.{0}`, which must be a qualified name of at most 63 characters after the prefix.', name);
const negative = (section: string, name: string, value: string) =>
  l10n.t('`{0}.{1}: {2}` is negative; a resource quantity must be 0 or more.', section, name, value);
const notInteger = (section: string, name: string, value: string) =>
  l10n.t('`{0}.{1}: {2}` is not a whole number; extended resources are counted in whole units.', section, name, value);
const requestAboveLimit = (name: string, request: string, limit: string) =>
  l10n.t('`requests.{0}: {1}` is more than `limits.{0}: {2}`; the API server requires requests to be at most the limits.', name, request, limit);
const requestNotLimit = (name: string, request: string, limit: string) =>
  l10n.t('`requests.{0}: {1}` differs from `limits.{0}: {2}`; `{0}` cannot be overcommitted, so its request must equal its limit.', name, request, limit);
const limitRequired = (name: string) =>
  l10n.t('`{0}` is requested without a limit; it cannot be overcommitted, so set `limits.{0}` to the same amount.', name);
const badPageSize = (name: string) =>
  l10n.t('`{0}` is not a valid huge page resource: write the page size after `hugepages-`, such as `hugepages-2Mi` or `hugepages-1Gi`.', name);
const notPageMultiple = (section: string, name: string, value: string) =>
  l10n.t('`{0}.{1}: {2}` is not a whole number of {3} pages.', section, name, value, name.slice(HUGEPAGES.length));
const hugePagesAlone = () =>
  l10n.t('Huge pages need `cpu` or `memory` in the same `requests` or `limits`; the API server rejects a container that asks only for huge pages.');

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
function checkName(ctx: CheckContext, name: string, path: readonly PathSegment[]): boolean {
  if (STANDARD_CONTAINER_RESOURCES.has(name)) return true; // most names: cpu and memory
  const qualified = qualifiedNameProblem(name, l10n.t('resource name'));
  if (qualified) {
    ctx.report(Codes.serverResources, path, qualified, { at: 'key' });
    return false;
  }
  if (!name.includes('/')) {
    if (name.startsWith(HUGEPAGES)) {
      if (pageSize(name) !== undefined) return true;
      ctx.report(Codes.serverResources, path, badPageSize(name), { at: 'key' });
      return false;
    }
    ctx.report(Codes.serverResources, path, notContainerResource(name), { at: 'key' });
    return false;
  }
  if (!isNative(name) && (name.startsWith('requests.') || qualifiedNameProblem(`requests.${name}`, l10n.t('resource name')))) {
    ctx.report(Codes.serverResources, path, badExtendedName(name), { at: 'key' });
    return false;
  }
  return true;
}

/**
 * Parsed quantities by value as written: manifests repeat a few (`100m`, `128Mi`), and a parse
 * makes big integers. Quantities are never changed, so they can be shared; the cache is bounded.
 */
const quantities = new Map<unknown, Quantity | undefined>();

function quantityOf(raw: unknown): Quantity | undefined {
  let quantity = quantities.get(raw);
  if (quantity === undefined && !quantities.has(raw)) {
    quantity = parseQuantity(raw);
    if (quantities.size >= 1000) quantities.clear();
    quantities.set(raw, quantity);
  }
  return quantity;
}

/** compareQuantities of two cached quantities, remembered (the same pairs come back). */
const comparisons = new WeakMap<Quantity, Map<Quantity, number>>();

function compareShared(a: Quantity, b: Quantity): number {
  let known = comparisons.get(a);
  if (!known) comparisons.set(a, (known = new Map()));
  let order = known.get(b);
  if (order === undefined) known.set(b, (order = compareQuantities(a, b)));
  return order;
}

/** A section's valid entries (name → quantity), each bad one reported. */
function checkSection(ctx: CheckContext, list: PlainObject, path: readonly PathSegment[], section: 'limits' | 'requests', valid: Map<string, Quantity>): void {
  for (const name of Object.keys(list)) {
    const raw = list[name];
    if (!checkName(ctx, name, [...path, section, name])) continue;
    const quantity = quantityOf(raw);
    if (!quantity) continue; // the schema check reports a value that is not a quantity
    valid.set(name, quantity);
    if (quantity.digits < 0n) {
      ctx.report(Codes.serverResources, [...path, section, name], negative(section, name, String(raw)));
      continue;
    }
    if (!isNative(name) && wholeUnits(quantity) === undefined) ctx.report(Codes.serverResources, [...path, section, name], notInteger(section, name, String(raw)));
    if (name.startsWith(HUGEPAGES)) {
      const size = pageSize(name);
      const bytes = wholeUnits(quantity);
      if (size !== undefined && (bytes === undefined || bytes % size !== 0n)) ctx.report(Codes.serverResources, [...path, section, name], notPageMultiple(section, name, String(raw)));
    }
  }
}

export function checkContainerResources(ctx: CheckContext, resources: unknown, path: readonly PathSegment[]): void {
  const spec = objectAt(resources);
  if (!spec) return;
  const limitsValue = objectAt(spec.limits);
  const requestsValue = objectAt(spec.requests);
  const limits = new Map<string, Quantity>();
  const requests = new Map<string, Quantity>();
  if (limitsValue) checkSection(ctx, limitsValue, path, 'limits', limits);
  if (requestsValue) checkSection(ctx, requestsValue, path, 'requests', requests);
  if (ctx.partial) return; // a patch's base may hold the other half of a request/limit pair
  let computeResource = false;
  let hugePages = false;
  for (const names of [limits.keys(), requests.keys()]) {
    for (const name of names) {
      if (name === 'cpu' || name === 'memory') computeResource = true;
      else if (name.startsWith(HUGEPAGES)) hugePages = true;
    }
  }
  for (const [name, request] of requests) {
    const limit = limits.get(name);
    if (!limit) {
      if (!overcommitAllowed(name)) ctx.report(Codes.serverResources, [...path, 'requests', name], limitRequired(name), { at: 'key' });
      continue;
    }
    const order = compareShared(request, limit);
    const texts = () => [String(requestsValue?.[name]), String(limitsValue?.[name])] as const;
    if (!overcommitAllowed(name) && order !== 0) ctx.report(Codes.serverResources, [...path, 'requests', name], requestNotLimit(name, ...texts()));
    else if (order > 0) ctx.report(Codes.serverResources, [...path, 'requests', name], requestAboveLimit(name, ...texts()));
  }
  if (hugePages && !computeResource) ctx.report(Codes.serverResources, path, hugePagesAlone(), { at: 'key' });
}
