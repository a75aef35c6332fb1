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
    this.pos += this.buf.write(text, this.pos, byteLength, 'utf8');
  }
}

export function encodePushRequest(streams: readonly LokiStream[]): Buffer {
  // Pass 1: sizes (string byte lengths are cached in parallel arrays to avoid measuring twice).
  const sized: Sized[] = [];
  const lengths: number[] = [];
  let total = 0;
  for (const stream of streams) {
    const labelsLen = Buffer.byteLength(stream.labels);
    lengths.push(labelsLen);
    let streamSize = fieldSize(labelsLen);
    const entrySizes: number[] = [];
    for (const entry of stream.entries) {
      const [s, ns] = splitTime(entry.timeNanos);
      const lineLen = Buffer.byteLength(entry.line);
      lengths.push(lineLen);
      let entrySize = fieldSize(timestampSize(s, ns)) + fieldSize(lineLen);
      for (const [name, value] of entry.metadata) {
        const nameLen = Buffer.byteLength(name);
        const valueLen = Buffer.byteLength(value);
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
