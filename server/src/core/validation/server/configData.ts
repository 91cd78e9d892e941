import { Codes } from '../../diagnostics';
import type { PathSegment } from '../../yaml/nodes';
import { CheckContext, PlainObject, isObject, objectAt, stringAt } from './context';
import { utf8Length } from './labels';
import { configKeyProblem } from './names';
import * as l10n from '@vscode/l10n';

/**
 * ConfigMaps and Secrets (core's ValidateConfigMap and ValidateSecret): keys, the 1 MiB limit on
 * their data, a key in both `data` and `binaryData`, and what each Secret type must contain. (That
 * a Secret's `data` and a ConfigMap's `binaryData` are base64 is the schema check's: format `byte`.)
 */

export const MAX_DATA_BYTES = 1024 * 1024;
const NEWLINES = /[\r\n]/g;
const PADDING = /=+$/;

const tooLarge = (kind: string, bytes: number) =>
  l10n.t('This {0} holds {1} bytes of data; the API server accepts at most 1048576 (1 MiB).', kind, bytes);
const inBoth = (key: string) => l10n.t('`{0}` is in both `data` and `binaryData`; a key may be in one of them.', key);
const keyMissing = (type: string, key: string) => l10n.t('A Secret of `type: {0}` needs the key `{1}` in `data` or `stringData`.', type, key);
const basicAuthKeys = () => l10n.t('A Secret of `type: kubernetes.io/basic-auth` needs `username` or `password` (or both) in `data` or `stringData`.');
const annotationMissing = () => l10n.t('A Secret of `type: kubernetes.io/service-account-token` needs the annotation `kubernetes.io/service-account.name`, naming its ServiceAccount.');
const notJson = (key: string) => l10n.t('`{0}` must hold a JSON object (decoded from base64 in `data`); this does not parse as one.', key);

/** Bytes a base64 value decodes to (without decoding it). */
function decodedLength(base64: string): number {
  const clean = base64.replace(NEWLINES, '');
  const padding = PADDING.exec(clean)?.[0].length ?? 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

function decodeBase64(value: string): string | undefined {
  try {
    const binary = atob(value.replace(NEWLINES, ''));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed);
  } catch {
    return false;
  }
}

function checkKeys(ctx: CheckContext, map: PlainObject, path: PathSegment[], kind: string): void {
  const what = `${kind} key`;
  for (const key of Object.keys(map)) {
    const problem = configKeyProblem(key, what);
    if (problem) ctx.report(Codes.serverData, [...path, key], problem, { at: 'key' });
  }
}

export function checkConfigMap(ctx: CheckContext, root: PlainObject): void {
  const data = objectAt(root.data) ?? {};
  const binary = objectAt(root.binaryData) ?? {};
  checkKeys(ctx, data, ctx.at('data'), 'ConfigMap');
  checkKeys(ctx, binary, ctx.at('binaryData'), 'ConfigMap');
  let bytes = 0;
  for (const key of Object.keys(data)) {
    const value = data[key];
    if (typeof value === 'string') bytes += utf8Length(value);
    if (Object.prototype.hasOwnProperty.call(binary, key)) ctx.report(Codes.serverData, ctx.at('data', key), inBoth(key), { at: 'key' });
  }
  for (const key of Object.keys(binary)) {
    const value = binary[key];
    if (typeof value === 'string') bytes += decodedLength(value);
  }
  if (bytes > MAX_DATA_BYTES) ctx.report(Codes.serverData, ctx.at(isObject(root.data) ? 'data' : 'binaryData'), tooLarge('ConfigMap', bytes), { at: 'key' });
}

export function checkSecret(ctx: CheckContext, root: PlainObject): void {
  const data = objectAt(root.data) ?? {};
  const stringData = objectAt(root.stringData) ?? {};
  checkKeys(ctx, data, ctx.at('data'), 'Secret');
  checkKeys(ctx, stringData, ctx.at('stringData'), 'Secret');
  // The API server merges stringData into data (stringData wins) before it validates.
  const merged = new Map<string, { bytes: number; text: () => string | undefined }>();
  for (const key of Object.keys(data)) {
    const value = data[key];
    if (typeof value === 'string') merged.set(key, { bytes: decodedLength(value), text: () => decodeBase64(value) });
  }
  for (const key of Object.keys(stringData)) {
    const value = stringData[key];
    if (typeof value === 'string') merged.set(key, { bytes: utf8Length(value), text: () => value });
  }
  let bytes = 0;
  for (const entry of merged.values()) bytes += entry.bytes;
  if (bytes > MAX_DATA_BYTES) ctx.report(Codes.serverData, ctx.at(isObject(root.data) ? 'data' : 'stringData'), tooLarge('Secret', bytes), { at: 'key' });

  const type = stringAt(root.type);
  if (!type || ctx.partial) return;
  const typePath = ctx.at('type');
  const require = (key: string) => {
    if (!merged.has(key)) ctx.report(Codes.serverData, typePath, keyMissing(type, key));
  };
  switch (type) {
    case 'kubernetes.io/service-account-token': {
      const annotations = objectAt(objectAt(root.metadata)?.annotations);
      if (!stringAt(annotations?.['kubernetes.io/service-account.name'])) ctx.report(Codes.serverData, typePath, annotationMissing());
      break;
    }
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      const entry = merged.get(key);
      const text = entry?.text();
      if (!entry) require(key);
      // (Not base64: the schema check's error.)
      else if (text !== undefined && !isJsonObject(text)) ctx.report(Codes.serverData, ctx.at(Object.prototype.hasOwnProperty.call(stringData, key) ? 'stringData' : 'data', key), notJson(key));
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!merged.has('username') && !merged.has('password')) ctx.report(Codes.serverData, typePath, basicAuthKeys());
      break;
    case 'kubernetes.io/ssh-auth':
      if (!merged.get('ssh-privatekey')?.bytes) require('ssh-privatekey');
      break;
    case 'kubernetes.io/tls':
      require('tls.crt');
      require('tls.key');
      break;
    default:
      break;
  }
}
