/**
 * How Kubernetes names object properties in CEL (apiserver's `cel.Escape`): a property whose name
 * is not a CEL identifier is reached through an escaped name, `self.x__dash__y` for `x-y`.
 *
 * - `__` becomes `__underscores__`, `.` `__dot__`, `-` `__dash__`, `/` `__slash__`;
 * - a name that is a CEL reserved word becomes `__<word>__` (`self.__namespace__`);
 * - a name that starts with a digit, is empty, or holds any other character is not reachable.
 *
 * Map keys (`additionalProperties`) are data, not properties: they are never escaped.
 */

const RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let',
  'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ESCAPABLE = /^[A-Za-z_./-][A-Za-z0-9_./-]*$/;
const REPLACEMENTS: Record<string, string> = { __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' };

/** The CEL name of a property, or `undefined` when Kubernetes does not expose it to CEL. */
export function escapePropertyName(name: string): string | undefined {
  if (name === '' || (name[0] >= '0' && name[0] <= '9')) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  if (PLAIN.test(name) && !name.includes('__')) return name;
  if (!ESCAPABLE.test(name)) return undefined;
  return name.replace(/__|[./-]/g, (match) => REPLACEMENTS[match]);
}
