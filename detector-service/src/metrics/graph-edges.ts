/**
 * Which calls a record is evidence of, from its resource and record attributes. Node names follow
 * docs/contracts.md: a service is its service.name, a client IP is the address, a user is user:<id>.
 *
 * - a client address on the record (client.address, net.peer.ip, http.client_ip, ...): ip → service
 * - a user id (enduser.id, user.id, user, usr, ...): user:<id> → service
 * - peer.service or server.address naming another node: service → peer when the record is the
 *   caller's (semantic conventions: peer.service names the remote service a client called), but
 *   peer → service when the record shows it is the callee's (a client address or user on it, or
 *   span.kind server); `peerServiceDirection: caller` flips the default for sources that put the
 *   caller's name in peer.service
 * - a parent span id whose span was logged by another service (within the window): parent → service
 */
import { isIP } from 'node:net';
import type { AnyValue, KeyValue, LogRecord, RecordVerdict, Resource } from '@anomalog/collector-processor';
import { bytesToHex } from '../exporters/any-value.js';

const CLIENT_KEYS = ['client.address', 'client.ip', 'net.peer.ip', 'http.client_ip', 'net.sock.peer.addr', 'source.address', 'client_ip', 'remote_addr', 'ip'];
const USER_KEYS = ['enduser.id', 'user.id', 'user_id', 'userId', 'user.name', 'username', 'user', 'usr.id', 'usr'];
const PEER_KEYS = ['peer.service', 'server.address', 'upstream.service', 'net.peer.name'];
/** Attributes only a caller's record has: the peer is the server. */
const CALLER_SIDE_KEYS = ['server.address', 'url.full', 'http.url', 'upstream.service'];
const SPAN_KIND_KEYS = ['span.kind', 'otel.span.kind', 'span_kind'];

/** What peer.service names when nothing on the record tells: the callee (default) or the caller. */
export type PeerServiceDirection = 'callee' | 'caller';
const PARENT_SPAN_KEYS = ['parent_span_id', 'parent.span_id', 'parentSpanId', 'span.parent_id', 'parent_id'];

export interface Edge {
  client: string;
  server: string;
}

function scalar(value: AnyValue): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** The first of `keys` present (record attributes first, then resource attributes). */
function lookup(keys: readonly string[], record: readonly KeyValue[], resource: readonly KeyValue[]): string | undefined {
  for (const key of keys) {
    for (const kv of record) if (kv.key === key) return scalar(kv.value);
  }
  for (const key of keys) {
    for (const kv of resource) if (kv.key === key) return scalar(kv.value);
  }
  return undefined;
}

/** Strips a port from an address (`10.0.0.1:5353`, `[2001:db8::1]:443`). */
function bareAddress(text: string): string {
  if (isIP(text)) return text;
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracket) return bracket[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(text);
  return v4 ? v4[1] : text;
}

/** Remembers which service logged which span, for a bounded time and count. */
export class SpanWindow {
  private readonly spans = new Map<string, { service: string; atMs: number }>();
  evicted = 0;

  constructor(
    private readonly maxSpans: number,
    private readonly windowMs: number,
  ) {}

  remember(spanId: string, service: string, atMs: number): void {
    if (this.spans.has(spanId)) return;
    this.spans.set(spanId, { service, atMs });
    if (this.spans.size > this.maxSpans) {
      const oldest = this.spans.keys().next().value as string;
      this.spans.delete(oldest);
      this.evicted++;
    }
  }

  serviceOf(spanId: string, nowMs: number): string | undefined {
    const hit = this.spans.get(spanId);
    if (!hit) return undefined;
    if (nowMs - hit.atMs > this.windowMs) {
      this.spans.delete(spanId);
      return undefined;
    }
    return hit.service;
  }

  /** Drops spans older than the window (insertion order is roughly time order). */
  expire(nowMs: number): void {
    for (const [id, { atMs }] of this.spans) {
      if (nowMs - atMs <= this.windowMs) break;
      this.spans.delete(id);
    }
  }

  get size(): number {
    return this.spans.size;
  }
}

function parentSpanHex(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const hex = value.toLowerCase();
  return /^[0-9a-f]{16}$/.test(hex) && hex !== '0000000000000000' ? hex : undefined;
}

/** The edges one record is evidence of; `spans` learns the record's own span. */
export function edgesOf(
  verdict: RecordVerdict,
  record: LogRecord,
  resource: Resource | undefined,
  spans: SpanWindow,
  nowMs: number,
  peerDirection: PeerServiceDirection = 'callee',
): Edge[] {
  const service = verdict.service;
  const attrs = record.attributes;
  const resAttrs = resource?.attributes ?? [];
  const edges: Edge[] = [];

  const client = lookup(CLIENT_KEYS, attrs, resAttrs);
  if (client) {
    const address = bareAddress(client);
    if (address !== service) edges.push({ client: address, server: service });
  }
  const user = lookup(USER_KEYS, attrs, resAttrs);
  if (user) edges.push({ client: `user:${user}`, server: service });
  const peer = lookup(PEER_KEYS, attrs, []);
  if (peer && peer !== service) {
    const kind = lookup(SPAN_KIND_KEYS, attrs, [])?.toLowerCase();
    const callerSide = kind === 'client' || kind === 'producer' || lookup(CALLER_SIDE_KEYS, attrs, []) !== undefined;
    const calleeSide = kind === 'server' || kind === 'consumer' || client !== undefined || user !== undefined;
    const peerIsCaller = callerSide ? false : calleeSide ? true : peerDirection === 'caller';
    const node = bareAddress(peer);
    edges.push(peerIsCaller ? { client: node, server: service } : { client: service, server: node });
  }

  if (record.spanId.length === 8) spans.remember(bytesToHex(record.spanId), service, nowMs);
  const parent = parentSpanHex(lookup(PARENT_SPAN_KEYS, attrs, []));
  if (parent) {
    const parentService = spans.serviceOf(parent, nowMs);
    if (parentService && parentService !== service && parentService !== peer) {
      edges.push({ client: parentService, server: service });
    }
  }
  return edges;
}
