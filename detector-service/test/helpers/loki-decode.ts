/** Decodes captured Loki push requests the way Loki does: snappy block, then logproto.PushRequest. */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import snappy from 'snappy';

export interface DecodedEntry {
  timestamp: { seconds: number; nanos: number };
  line: string;
  structuredMetadata: { name: string; value: string }[];
}
export interface DecodedPush {
  streams: { labels: string; entries: DecodedEntry[] }[];
}

let pushType: protobuf.Type | undefined;

export async function loadPushType(): Promise<protobuf.Type> {
  pushType ??= (await protobuf.load(fileURLToPath(new URL('../fixtures/loki-push.proto', import.meta.url)))).lookupType('logproto.PushRequest');
  return pushType;
}

export async function decodePush(body: Buffer): Promise<DecodedPush> {
  const type = await loadPushType();
  const raw = snappy.uncompressSync(body) as Buffer;
  return type.toObject(type.decode(raw), { longs: Number, defaults: true }) as DecodedPush;
}

/** Every entry of every push, with its stream labels parsed and metadata as an object. */
export async function lokiEntries(
  bodies: Buffer[],
): Promise<{ labels: Record<string, string>; timestamp: string; line: string; meta: Record<string, string> }[]> {
  const out = [];
  for (const body of bodies) {
    for (const stream of (await decodePush(body)).streams) {
      const labels: Record<string, string> = {};
      for (const m of stream.labels.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]] = m[2].replace(/\\(.)/g, '$1');
      for (const e of stream.entries) {
        out.push({
          labels,
          timestamp: `${e.timestamp.seconds}.${String(e.timestamp.nanos).padStart(9, '0')}`,
          line: e.line,
          meta: Object.fromEntries(e.structuredMetadata.map((p) => [p.name, p.value])),
        });
      }
    }
  }
  return out;
}
