/**
 * Compressed files by their magic bytes. routesim reads traces, CSVs and JSON as plain text;
 * a compressed file read as text fails with its bytes echoed as a "header" or a "value"
 * (garbage, control characters and all). Recognising the common formats up front lets the
 * error say what the file is and what to do, without showing a byte of it.
 */

const FORMATS: readonly { readonly name: string; readonly magic: readonly number[]; readonly hint: string }[] = [
  { name: 'gzip', magic: [0x1f, 0x8b], hint: 'gunzip -k' },
  { name: 'zstd', magic: [0x28, 0xb5, 0x2f, 0xfd], hint: 'unzstd' },
  { name: 'bzip2', magic: [0x42, 0x5a, 0x68], hint: 'bunzip2 -k' },
  { name: 'xz', magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], hint: 'unxz -k' },
  { name: 'zip', magic: [0x50, 0x4b, 0x03, 0x04], hint: 'unzip' },
];

/** Bytes that identify every format above. */
export const MAGIC_BYTES = 6;

/** The compression format whose magic bytes start `head`, or undefined. */
export function compressionOf(head: Uint8Array): { readonly name: string; readonly hint: string } | undefined {
  return FORMATS.find((f) => f.magic.length <= head.length && f.magic.every((b, i) => head[i] === b));
}

/** The problem with a compressed file, for a caller's `fail(detail)`; undefined for anything else. */
export function compressedFileDetail(head: Uint8Array): string | undefined {
  const c = compressionOf(head);
  return c === undefined ? undefined : `is ${c.name}-compressed; routesim reads plain text: decompress it first (${c.hint} <file>) and point at the result`;
}
