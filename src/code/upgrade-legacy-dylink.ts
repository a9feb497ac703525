/**
 * Grammars built by tree-sitter-cli 0.20 (the `tree-sitter-wasms` package) start with a legacy
 * `dylink` custom section. The Emscripten loader inside web-tree-sitter 0.25+ only reads the
 * `dylink.0` form, so such a file fails with a bare "Error". Both sections carry the same four numbers
 * (memory size and alignment, table size and alignment) and the list of needed libraries; only the
 * framing differs. This rewrites the first section so the module loads unchanged otherwise.
 * Modules that already use `dylink.0` (or are not side modules) are returned as they are.
 */
export function upgradeLegacyDylink(binary: Uint8Array): Uint8Array {
  if (binary.length < 10 || binary[8] !== 0) return binary;
  const cursor = { offset: 9 };
  const sectionSize = readLeb(binary, cursor);
  const sectionEnd = cursor.offset + sectionSize;
  const name = readString(binary, cursor);
  if (name !== 'dylink') return binary;
  const memoryInfo = [
    readLeb(binary, cursor),
    readLeb(binary, cursor),
    readLeb(binary, cursor),
    readLeb(binary, cursor),
  ];
  const neededCount = readLeb(binary, cursor);
  const needed: string[] = [];
  for (let index = 0; index < neededCount; index++) needed.push(readString(binary, cursor));

  const memoryPayload = memoryInfo.flatMap(encodeLeb);
  const body = [...encodeString('dylink.0'), 1, ...encodeLeb(memoryPayload.length), ...memoryPayload];
  if (needed.length > 0) {
    const neededPayload = [...encodeLeb(needed.length), ...needed.flatMap(encodeString)];
    body.push(2, ...encodeLeb(neededPayload.length), ...neededPayload);
  }
  const header = [0, ...encodeLeb(body.length)];
  const result = new Uint8Array(8 + header.length + body.length + (binary.length - sectionEnd));
  result.set(binary.subarray(0, 8), 0);
  result.set(header, 8);
  result.set(body, 8 + header.length);
  result.set(binary.subarray(sectionEnd), 8 + header.length + body.length);
  return result;
}

function readLeb(bytes: Uint8Array, cursor: { offset: number }): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[cursor.offset++];
    if (byte === undefined) throw new Error('truncated wasm dylink section');
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return result;
    shift += 7;
  }
}

function readString(bytes: Uint8Array, cursor: { offset: number }): string {
  const length = readLeb(bytes, cursor);
  const text = new TextDecoder().decode(bytes.subarray(cursor.offset, cursor.offset + length));
  cursor.offset += length;
  return text;
}

function encodeLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    out.push(byte);
  } while (rest > 0);
  return out;
}

function encodeString(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...encodeLeb(bytes.length), ...bytes];
}
