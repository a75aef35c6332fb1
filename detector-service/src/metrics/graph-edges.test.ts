import { describe, expect, it } from 'vitest';
import type { KeyValue } from '@anomalog/collector-processor';
import { exportRecord } from '../../test/helpers/records.js';
import { edgesOf, SpanWindow } from './graph-edges.js';

function edges(attributes: KeyValue[], options: { spanId?: Uint8Array; spans?: SpanWindow; service?: string; direction?: 'callee' | 'caller' } = {}) {
  const { record, verdict, resourceLogs } = exportRecord({ service: options.service ?? 'checkout', body: 'x', timeMs: 1000, attributes, spanId: options.spanId });
  return edgesOf(verdict.service, record, resourceLogs.resource, options.spans ?? new SpanWindow(10, 60_000), 1000, options.direction);
}

describe('service graph edges from record attributes', () => {
  it('client addresses and users call the service (ports stripped, users prefixed)', () => {
    expect(edges([{ key: 'client.address', value: '10.1.2.3:51234' }, { key: 'enduser.id', value: 'alice' }])).toEqual([
      { client: '10.1.2.3', server: 'checkout' },
      { client: 'user:alice', server: 'checkout' },
    ]);
    expect(edges([{ key: 'http.client_ip', value: '[2001:db8::1]:443' }])).toEqual([{ client: '2001:db8::1', server: 'checkout' }]);
  });

  it('peer.service is the callee on a caller-side record, the caller on a callee-side record', () => {
    expect(edges([{ key: 'peer.service', value: 'payments' }, { key: 'server.address', value: '10.0.0.9' }])).toEqual([{ client: 'checkout', server: 'payments' }]);
    expect(edges([{ key: 'peer.service', value: 'frontend' }, { key: 'enduser.id', value: 'bob' }])).toEqual([
      { client: 'user:bob', server: 'checkout' },
      { client: 'frontend', server: 'checkout' },
    ]);
    expect(edges([{ key: 'peer.service', value: 'frontend' }, { key: 'span.kind', value: 'SERVER' }])).toEqual([{ client: 'frontend', server: 'checkout' }]);
    // Bare peer.service: the semantic conventions' reading by default, configurable.
    expect(edges([{ key: 'peer.service', value: 'payments' }])).toEqual([{ client: 'checkout', server: 'payments' }]);
    expect(edges([{ key: 'peer.service', value: 'frontend' }], { direction: 'caller' })).toEqual([{ client: 'frontend', server: 'checkout' }]);
  });

  it('links a child record to the service that logged its parent span within the window', () => {
    const spans = new SpanWindow(10, 60_000);
    const parentSpan = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    // Spans are remembered once the stream has shown that it carries parent span ids.
    expect(edges([{ key: 'parent_span_id', value: '0a0a0a0a0a0a0a0a' }], { spans, service: 'edge' })).toEqual([]);
    expect(edges([], { spanId: parentSpan, spans, service: 'frontend' })).toEqual([]);
    expect(edges([{ key: 'parent_span_id', value: '0102030405060708' }], { spans, service: 'cart' })).toEqual([{ client: 'frontend', server: 'cart' }]);
    expect(edges([{ key: 'parent_span_id', value: 'ffffffffffffffff' }], { spans, service: 'cart' })).toEqual([]);
  });

  it('costs nothing for streams without parent span ids', () => {
    const spans = new SpanWindow(10, 60_000);
    edges([], { spanId: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), spans });
    expect(spans.size).toBe(0);
  });

  it('ignores attribute names that exist on plain objects', () => {
    expect(edges([{ key: 'constructor', value: 'x' }, { key: 'toString', value: 'y' }])).toEqual([]);
  });

  it('keeps the span memory within its cap and window', () => {
    const spans = new SpanWindow(2, 1000);
    spans.remember('a', 's1', 0);
    spans.remember('b', 's1', 10);
    spans.remember('c', 's1', 20);
    expect(spans.size).toBe(2);
    expect(spans.evicted).toBe(1);
    expect(spans.serviceOf('a', 30)).toBeUndefined();
    expect(spans.serviceOf('c', 500)).toBe('s1');
    spans.expire(1_015);
    expect(spans.size).toBe(1);
  });

  it('a client or user on the resource counts for every record under it, outranked by a better one on the record', () => {
    const spans = new SpanWindow(10, 60_000);
    const first = exportRecord({ service: 'api', body: 'x', timeMs: 1000, attributes: [] });
    const resource = first.resourceLogs.resource;
    if (!resource) throw new Error('test resource missing');
    resource.attributes.push({ key: 'ip', value: '10.9.9.9' }, { key: 'user', value: 'carol' });
    expect(edgesOf(first.verdict.service, first.record, resource, spans, 1000)).toEqual([
      { client: '10.9.9.9', server: 'api' },
      { client: 'user:carol', server: 'api' },
    ]);
    // client.address outranks the resource's ip; the resource's user still applies.
    const second = exportRecord({ service: 'api', body: 'y', timeMs: 1000, attributes: [{ key: 'client.address', value: '10.1.1.1' }] }, first.resourceLogs, first.scopeLogs);
    expect(edgesOf(second.verdict.service, second.record, resource, spans, 1000)).toEqual([
      { client: '10.1.1.1', server: 'api' },
      { client: 'user:carol', server: 'api' },
    ]);
    // A resource attribute added later is seen by the next record.
    resource.attributes.push({ key: 'client.address', value: '10.2.2.2' });
    expect(edgesOf(first.verdict.service, first.record, resource, spans, 1000)[0]).toEqual({ client: '10.2.2.2', server: 'api' });
  });
});
