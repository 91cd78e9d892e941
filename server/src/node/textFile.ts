import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

/**
 * Manifests on disk, decoded as kubectl decodes them (cli-runtime's FileVisitor: UTF-16 when the
 * file starts with a UTF-16 byte order mark, else UTF-8) and as VS Code opens them, so the CLI, the
 * server's workspace scan and the editor all check the same text. A file written back keeps its
 * encoding and byte order mark. UTF-16 without a byte order mark is read as UTF-8, as kubectl reads
 * it: the service then says what it is (service.ts).
 */

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

export function decodeText(bytes: Buffer): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.toString('utf16le'), encoding: 'utf16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
    swapped.swap16();
    return { text: swapped.toString('utf16le'), encoding: 'utf16be' };
  }
  return { text: bytes.toString('utf8'), encoding: 'utf8' };
}

export function encodeText(text: string, encoding: TextEncoding): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const bytes = Buffer.from(text, 'utf16le');
  if (encoding === 'utf16be') bytes.swap16();
  return bytes;
}

export function readTextFileSync(path: string): DecodedText {
  return decodeText(readFileSync(path));
}

export async function readTextFile(path: string): Promise<DecodedText> {
  return decodeText(await readFile(path));
}

export async function writeTextFile(path: string, text: string, encoding: TextEncoding): Promise<void> {
  await writeFile(path, encodeText(text, encoding));
}
