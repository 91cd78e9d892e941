import { CelFunc, CelScalar, celFunc, celMethod } from '@bufbuild/cel';
import { CelValueError, chargeText } from '../runtime';
import { LibraryTypes, libraryValue, textOf } from '../types';

/**
 * Kubernetes' URL library: `url()`, `isURL()`, and `getScheme()`, `getHost()`, `getHostname()`,
 * `getPort()`, `getEscapedPath()`, `getQuery()` on a URL. A URL must be an absolute URI or an
 * absolute path, as Go's `url.ParseRequestURI` decides (the same test as the `uri` format);
 * its parts are those Go's `url.Parse` gives. WHATWG's `URL` (what JavaScript has) normalizes and
 * accepts other things, so Go's rules are followed here.
 */

export interface ParsedUrl {
  scheme: string;
  opaque: string;
  /** `host[:port]`, brackets kept around an IPv6 address. */
  host: string;
  /** The path as written (still escaped). */
  rawPath: string;
  rawQuery: string;
}

const HEX = /^[0-9A-Fa-f]{2}$/;

/** Decodes `%XX` escapes; undefined when an escape is malformed. */
function unescape(text: string, plusIsSpace = false): string | undefined {
  if (!text.includes('%') && !(plusIsSpace && text.includes('+'))) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!HEX.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c === '+' && plusIsSpace) {
      bytes.push(32);
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;
/** Characters Go leaves as they are in a host, a path, user information. */
const HOST_EXTRA = new Set("!$&'()*+,;=:[]<>\"");
const PATH_EXTRA = new Set('$&+,/:;=@');
const PATH_VALID_EXTRA = new Set("!$&'()*+,;=:@[]/");
const USERINFO = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

function hostIsValid(host: string): boolean {
  for (let i = 0; i < host.length; i++) {
    const c = host[i];
    if (c === '%') {
      if (!HEX.test(host.slice(i + 1, i + 3))) return false;
      i += 2;
    } else if (c.charCodeAt(0) < 0x80 && !UNRESERVED.test(c) && !HOST_EXTRA.has(c)) {
      return false;
    }
  }
  return true;
}

function parseAuthority(authority: string): { host: string } | string {
  const at = authority.lastIndexOf('@');
  const host = at < 0 ? authority : authority.slice(at + 1);
  if (at >= 0 && !USERINFO.test(authority.slice(0, at))) return 'invalid userinfo';
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) return 'missing \']\' in host';
    const port = host.slice(close + 1);
    if (port !== '' && !/^:\d*$/.test(port)) return `invalid port "${port}" after host`;
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !/^:\d*$/.test(host.slice(colon))) return `invalid port "${host.slice(colon)}" after host`;
  }
  if (!hostIsValid(host)) return `invalid character in host name`;
  return { host };
}

/**
 * Go's `url.Parse` (viaRequest false) and `url.ParseRequestURI` (true): the parts, or why the text
 * is not a URL.
 */
export function parseGoUrl(raw: string, viaRequest: boolean): ParsedUrl | string {
  if (/[\x00-\x1f\x7f]/.test(raw)) return 'invalid control character in URL';
  let rest = raw;
  if (!viaRequest) {
    const hash = rest.indexOf('#');
    if (hash >= 0) {
      if (unescape(rest.slice(hash + 1)) === undefined) return 'invalid URL escape';
      rest = rest.slice(0, hash);
    }
  }
  if (rest === '' && viaRequest) return 'empty url';
  const url: ParsedUrl = { scheme: '', opaque: '', host: '', rawPath: '', rawQuery: '' };
  if (rest === '*') return { ...url, rawPath: '*' };
  const scheme = /^([A-Za-z][A-Za-z0-9+\-.]*):/.exec(rest);
  if (rest.startsWith(':')) return 'missing protocol scheme';
  if (scheme) {
    url.scheme = scheme[1].toLowerCase();
    rest = rest.slice(scheme[0].length);
  }
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    rest = rest.slice(0, -1);
  } else {
    const question = rest.indexOf('?');
    if (question >= 0) {
      url.rawQuery = rest.slice(question + 1);
      rest = rest.slice(0, question);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') return { ...url, opaque: rest };
    if (viaRequest) return 'invalid URI for request';
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) return 'first path segment in URL cannot contain colon';
  }
  if ((url.scheme !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    const afterSlashes = rest.slice(2);
    const slash = afterSlashes.indexOf('/');
    const authority = slash < 0 ? afterSlashes : afterSlashes.slice(0, slash);
    rest = slash < 0 ? '' : afterSlashes.slice(slash);
    const parsed = parseAuthority(authority);
    if (typeof parsed === 'string') return parsed;
    url.host = parsed.host;
  }
  if (unescape(rest) === undefined) return 'invalid URL escape';
  url.rawPath = rest;
  return url;
}

function hostname(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

function port(host: string): string {
  const colon = host.lastIndexOf(':');
  if (colon < 0 || (host.startsWith('[') && colon < host.indexOf(']'))) return '';
  return host.slice(colon + 1);
}

/** Go's `EscapedPath`: the path as written when that is a valid escaping, else escaped again. */
function escapedPath(rawPath: string): string {
  let valid = true;
  for (let i = 0; i < rawPath.length && valid; i++) {
    const c = rawPath[i];
    if (c === '%') valid = HEX.test(rawPath.slice(i + 1, i + 3));
    else valid = UNRESERVED.test(c) || PATH_VALID_EXTRA.has(c);
  }
  if (valid) return rawPath;
  const path = unescape(rawPath) ?? rawPath;
  let out = '';
  for (const byte of Buffer.from(path, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && (UNRESERVED.test(c) || PATH_EXTRA.has(c)) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's `url.ParseQuery`: key → values, pairs with a bad escape or a `;` left out. */
function parseQuery(rawQuery: string): Map<string, string[]> {
  const query = new Map<string, string[]>();
  for (const part of rawQuery.split('&')) {
    if (part === '' || part.includes(';')) continue;
    const equals = part.indexOf('=');
    const key = unescape(equals < 0 ? part : part.slice(0, equals), true);
    const value = unescape(equals < 0 ? '' : part.slice(equals + 1), true);
    if (key === undefined || value === undefined) continue;
    query.set(key, [...(query.get(key) ?? []), value]);
  }
  return query;
}

/** The parts of a URL value (it was checked when it was made). */
function partsOf(value: unknown): ParsedUrl {
  const parsed = parseGoUrl(textOf(value), false);
  return typeof parsed === 'string' ? { scheme: '', opaque: '', host: '', rawPath: '', rawQuery: '' } : parsed;
}

const URL_TYPE = LibraryTypes.URL;

export const urlLibrary: CelFunc[] = [
  celFunc('url', [CelScalar.STRING], URL_TYPE, (text) => {
    chargeText(text);
    const checked = parseGoUrl(text, true);
    if (typeof checked === 'string') throw new CelValueError(`\`${text}\` is not a valid URL: ${checked}`);
    return libraryValue('URL', text);
  }),
  celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (text) => {
    chargeText(text);
    return typeof parseGoUrl(text, true) !== 'string';
  }),
  celMethod('getScheme', URL_TYPE, [], CelScalar.STRING, function () {
    return partsOf(this).scheme;
  }),
  celMethod('getHost', URL_TYPE, [], CelScalar.STRING, function () {
    return partsOf(this).host;
  }),
  celMethod('getHostname', URL_TYPE, [], CelScalar.STRING, function () {
    return hostname(partsOf(this).host);
  }),
  celMethod('getPort', URL_TYPE, [], CelScalar.STRING, function () {
    return port(partsOf(this).host);
  }),
  celMethod('getEscapedPath', URL_TYPE, [], CelScalar.STRING, function () {
    return escapedPath(partsOf(this).rawPath);
  }),
  celMethod('getQuery', URL_TYPE, [], CelScalar.DYN, function () {
    return parseQuery(partsOf(this).rawQuery);
  }),
];
