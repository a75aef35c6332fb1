/**
 * A hand-written encoder for Loki's push request (logproto, pkg/push/push.proto in grafana/loki):
 *
 *   PushRequest      { repeated StreamAdapter streams = 1; }
 *   StreamAdapter    { string labels = 1; repeated EntryAdapter entries = 2; }
 *   EntryAdapter     { google.protobuf.Timestamp timestamp = 1; string line = 2;
 *                      repeated LabelPairAdapter structuredMetadata = 3; }
 *   LabelPairAdapter { string name = 1; string value = 2; }
 *   Timestamp        { int64 seconds = 1; int32 nanos = 2; }
 *
 * Sizes are computed first so the whole request is written into one buffer without copies.
 */

export interface LokiEntry {
  timeNanos: bigint;
  line: string;
  metadata: [name: string, value: string][];
}

export interface LokiStream {
  labels: string;
  entries: LokiEntry[];
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

function fieldSize(payloadLength: number): number {
  return 1 + varintSize(payloadLength) + payloadLength;
}

function splitTime(nanos: bigint): [seconds: number, nanos: number] {
  return [Number(nanos / 1_000_000_000n), Number(nanos % 1_000_000_000n)];
}

function timestampSize(seconds: number, nanos: number): number {
  return (seconds !== 0 ? 1 + varintSize(seconds) : 0) + (nanos !== 0 ? 1 + varintSize(nanos) : 0);
}

interface Sized {
  entrySizes: number[];
  streamSize: number;
}

class Writer {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  varint(n: number): void {
    while (n >= 0x80) {
      this.buf[this.pos++] = (n % 128) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  tag(field: number, wire: number): void {
    this.buf[this.pos++] = (field << 3) | wire;
  }

  string(field: number, text: string, byteLength: number): void {
    this.tag(field, 2);
    this.varint(byteLength);
    const n = text.length;
    if (byteLength === n && n <= SHORT_STRING) {
      // ASCII (as many bytes as characters): copied here rather than by a native call.
      const buf = this.buf;
      let pos = this.pos;
      for (let i = 0; i < n; i++) buf[pos++] = text.charCodeAt(i);
      this.pos = pos;
      return;
    }
    this.pos += this.buf.write(text, this.pos, byteLength, 'utf8');
  }
}

/**
 * Strings up to this length are measured and, when ASCII, written in JavaScript: an entry has a
 * dozen short metadata names and values, and two native calls per string (Buffer.byteLength,
 * buf.write) were most of the encoder's time.
 */
const SHORT_STRING = 64;

/** The UTF-8 byte length of `text`, as Buffer.byteLength gives it (a lone surrogate takes 3, as U+FFFD). */
export function utf8Length(text: string): number {
  const n = text.length;
  if (n > SHORT_STRING) return Buffer.byteLength(text, 'utf8');
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export function encodePushRequest(streams: readonly LokiStream[]): Buffer {
  // Pass 1: sizes (string byte lengths are cached in parallel arrays to avoid measuring twice).
  const sized: Sized[] = [];
  const lengths: number[] = [];
  let total = 0;
  for (const stream of streams) {
    const labelsLen = utf8Length(stream.labels);
    lengths.push(labelsLen);
    let streamSize = fieldSize(labelsLen);
    const entrySizes: number[] = [];
    for (const entry of stream.entries) {
      const [s, ns] = splitTime(entry.timeNanos);
      const lineLen = utf8Length(entry.line);
      lengths.push(lineLen);
      let entrySize = fieldSize(timestampSize(s, ns)) + fieldSize(lineLen);
      for (const [name, value] of entry.metadata) {
        const nameLen = utf8Length(name);
        const valueLen = utf8Length(value);
        lengths.push(nameLen, valueLen);
        entrySize += fieldSize(fieldSize(nameLen) + fieldSize(valueLen));
      }
      entrySizes.push(entrySize);
      streamSize += fieldSize(entrySize);
    }
    sized.push({ entrySizes, streamSize });
    total += fieldSize(streamSize);
  }

  // Pass 2: write.
  const w = new Writer(Buffer.allocUnsafe(total));
  let li = 0;
  streams.forEach((stream, si) => {
    const { entrySizes, streamSize } = sized[si];
    w.tag(1, 2);
    w.varint(streamSize);
    w.string(1, stream.labels, lengths[li++]);
    stream.entries.forEach((entry, ei) => {
      w.tag(2, 2);
      w.varint(entrySizes[ei]);
      const [s, ns] = splitTime(entry.timeNanos);
      w.tag(1, 2);
      w.varint(timestampSize(s, ns));
      if (s !== 0) {
        w.tag(1, 0);
        w.varint(s);
      }
      if (ns !== 0) {
        w.tag(2, 0);
        w.varint(ns);
      }
      w.string(2, entry.line, lengths[li++]);
      for (const [name, value] of entry.metadata) {
        const nameLen = lengths[li++];
        const valueLen = lengths[li++];
        w.tag(3, 2);
        w.varint(fieldSize(nameLen) + fieldSize(valueLen));
        w.string(1, name, nameLen);
        w.string(2, value, valueLen);
      }
    });
  });
  if (w.pos !== total) throw new Error(`logproto encoder size mismatch: wrote ${w.pos} of ${total} bytes`);
  return w.buf;
}
