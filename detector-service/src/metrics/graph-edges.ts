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
import type { AnyValue, KeyValue, LogRecord, Resource } from '@anomalog/collector-processor';
import { bytesToHex } from '../exporters/any-value.js';

/** Attribute roles, in order of preference within a role (lower rank wins). */
const ROLES = new Map<string, [role: Role, rank: number]>();
type Role = 'client' | 'user' | 'peer' | 'kind' | 'parent';
function define(role: Role, keys: string[]): void {
  keys.forEach((key, rank) => ROLES.set(key, [role, rank]));
}
define('client', ['client.address', 'client.ip', 'net.peer.ip', 'http.client_ip', 'net.sock.peer.addr', 'source.address', 'client_ip', 'remote_addr', 'ip']);
define('user', ['enduser.id', 'user.id', 'user_id', 'userId', 'user.name', 'username', 'user', 'usr.id', 'usr']);
define('peer', ['peer.service', 'server.address', 'upstream.service', 'net.peer.name']);
define('kind', ['span.kind', 'otel.span.kind', 'span_kind']);
define('parent', ['parent_span_id', 'parent.span_id', 'parentSpanId', 'span.parent_id', 'parent_id']);
/**
 * First characters of the role keys: most attributes (anomalog.*, http.route, ...) are passed
 * over on one table read instead of a map lookup, as every record's attributes are scanned.
 */
const ROLE_FIRST_CHARS = new Uint8Array(128);
for (const key of ROLES.keys()) ROLE_FIRST_CHARS[key.charCodeAt(0)] = 1;
/** Attributes only a caller's record has: the peer is the server. */
const CALLER_SIDE_KEYS = new Set(['server.address', 'url.full', 'http.url', 'upstream.service']);

/** What peer.service names when nothing on the record tells: the callee (default) or the caller. */
export type PeerServiceDirection = 'callee' | 'caller';

export interface Edge {
  client: string;
  server: string;
}

function scalar(value: AnyValue): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** The graph-relevant attributes of a record (or resource), found in one pass. */
class Found {
  client: string | undefined;
  user: string | undefined;
  peer: string | undefined;
  kind: string | undefined;
  parent: string | undefined;
  callerSide = false;
  private readonly ranks = [99, 99, 99, 99, 99];

  /** Best rank found per role slot (client, user, peer, kind, parent). */
  rankOf(): readonly number[] {
    return this.ranks;
  }

  /** Ready for the next record (one instance is reused: this runs for every record). */
  reset(): this {
    this.client = this.user = this.peer = this.kind = this.parent = undefined;
    this.callerSide = false;
    const ranks = this.ranks;
    ranks[0] = ranks[1] = ranks[2] = ranks[3] = ranks[4] = 99;
    return this;
  }

  scan(attrs: readonly KeyValue[], roles: readonly Role[] | undefined): void {
    for (let i = 0; i < attrs.length; i++) {
      const kv = attrs[i];
      const first = kv.key.charCodeAt(0);
      if (first >= 128 || ROLE_FIRST_CHARS[first] === 0) continue;
      const hit = ROLES.get(kv.key);
      if (hit === undefined) continue;
      const [role, rank] = hit;
      if (roles !== undefined && !roles.includes(role)) continue;
      if (CALLER_SIDE_KEYS.has(kv.key)) this.callerSide = true;
      const slot = role === 'client' ? 0 : role === 'user' ? 1 : role === 'peer' ? 2 : role === 'kind' ? 3 : 4;
      if (rank >= this.ranks[slot]) continue;
      const value = scalar(kv.value);
      if (value === undefined) continue;
      this.ranks[slot] = rank;
      if (slot === 0) this.client = value;
      else if (slot === 1) this.user = value;
      else if (slot === 2) this.peer = value;
      else if (slot === 3) this.kind = value.toLowerCase();
      else this.parent = value;
    }
  }

  /** Takes a resource's client and user where they outrank the record's (as scanning both would). */
  merge(resource: ResourceRoles): void {
    if (resource.clientRank < this.ranks[0]) {
      this.ranks[0] = resource.clientRank;
      this.client = resource.client;
    }
    if (resource.userRank < this.ranks[1]) {
      this.ranks[1] = resource.userRank;
      this.user = resource.user;
    }
  }
}

/** The client and user a resource names, with their ranks (99 when absent). */
interface ResourceRoles {
  /** The attribute list read and its length then: a list changed since is read again. */
  attributes: readonly KeyValue[];
  length: number;
  client: string | undefined;
  clientRank: number;
  user: string | undefined;
  userRank: number;
}

/** A resource is shared by many records: its roles are found once per resource object. */
const resourceRolesCache = new WeakMap<Resource, ResourceRoles>();

function resourceRoles(resource: Resource): ResourceRoles {
  let roles = resourceRolesCache.get(resource);
  if (roles === undefined || roles.attributes !== resource.attributes || roles.length !== resource.attributes.length) {
    const scan = new Found();
    scan.scan(resource.attributes, RESOURCE_ROLES);
    const ranks = scan.rankOf();
    roles = {
      attributes: resource.attributes,
      length: resource.attributes.length,
      client: scan.client,
      clientRank: ranks[0],
      user: scan.user,
      userRank: ranks[1],
    };
    resourceRolesCache.set(resource, roles);
  }
  return roles;
}

const RESOURCE_ROLES: readonly Role[] = ['client', 'user'];
const found = new Found();

/** Strips a port from an address (`10.0.0.1:5353`, `[2001:db8::1]:443`). */
function bareAddress(text: string): string {
  // Most addresses are plain IPv4 or names: only a ':' can mean a port or IPv6.
  if (!text.includes(':') || isIP(text)) return text;
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracket) return bracket[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(text);
  return v4 ? v4[1] : text;
}

/** Remembers which service logged which span, for a bounded time and count. */
export class SpanWindow {
  private readonly spans = new Map<string, { service: string; atMs: number }>();
  evicted = 0;
  /** Set once a record carried a parent span id: from then on spans are remembered. */
  linking = false;

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
  if (!value || value.length !== 16) return undefined;
  const hex = value.toLowerCase();
  return /^[0-9a-f]{16}$/.test(hex) && hex !== '0000000000000000' ? hex : undefined;
}

export type EdgeSink = (client: string, server: string) => void;

/**
 * Calls `emit` for each edge one record is evidence of (no arrays or objects per record).
 * `service` is the record's own service (its resource's service.name, as the engine names it).
 * Spans are remembered for parent/child links only once the stream has shown a parent span id
 * (`spans.linking`), so streams without them pay nothing.
 */
export function forEachEdge(
  service: string,
  record: LogRecord,
  resource: Resource | undefined,
  spans: SpanWindow,
  nowMs: number,
  peerDirection: PeerServiceDirection,
  emit: EdgeSink,
): void {
  found.reset().scan(record.attributes, undefined);
  // Client and user may also sit on the resource (e.g. a per-user or per-client agent).
  if ((found.client === undefined || found.user === undefined) && resource) found.merge(resourceRoles(resource));
  const { client, user, peer, kind, callerSide: callerSideKey, parent: parentText } = found;

  if (client) {
    const address = bareAddress(client);
    if (address !== service) emit(address, service);
  }
  if (user) emit(`user:${user}`, service);
  if (peer && peer !== service) {
    const callerSide = kind === 'client' || kind === 'producer' || callerSideKey;
    const calleeSide = kind === 'server' || kind === 'consumer' || client !== undefined || user !== undefined;
    const peerIsCaller = callerSide ? false : calleeSide ? true : peerDirection === 'caller';
    const node = bareAddress(peer);
    if (peerIsCaller) emit(node, service);
    else emit(service, node);
  }

  const parent = parentSpanHex(parentText);
  if (parent) spans.linking = true;
  if (spans.linking && record.spanId.length === 8) spans.remember(bytesToHex(record.spanId), service, nowMs);
  if (parent) {
    const parentService = spans.serviceOf(parent, nowMs);
    if (parentService && parentService !== service && parentService !== peer) emit(parentService, service);
  }
}

/** The edges one record is evidence of, as a list. */
export function edgesOf(
  service: string,
  record: LogRecord,
  resource: Resource | undefined,
  spans: SpanWindow,
  nowMs: number,
  peerDirection: PeerServiceDirection = 'callee',
): Edge[] {
  const edges: Edge[] = [];
  forEachEdge(service, record, resource, spans, nowMs, peerDirection, (client, server) => edges.push({ client, server }));
  return edges;
}
