import { describe, expect, it } from 'vitest';
import type { LogClass } from '../otlp-model.js';
import { createClassifier } from './classifier.js';
import { DEFAULT_RULES } from './default-rules.js';

const INFO = 9;
const WARN = 13;
const ERROR = 17;
const FATAL = 21;

function classOf(message: string, severityNumber = 0, attributes?: Record<string, string | number | boolean>): LogClass {
  return createClassifier().classify({ message, severityNumber, attributes }).class;
}

describe('classifier: one line per class, written for these tests', () => {
  const cases: Array<[LogClass, string, number]> = [
    ['security', 'sshd: Failed password for invalid user oracle from 198.51.100.7 port 50122 ssh2', 0],
    ['security', 'access denied for user reports_ro to table payroll', WARN],
    ['system_failure', 'worker 3 segfault at 0 ip 00007f2 sp 00007ffd error 4 in libfoo.so', 0],
    ['system_failure', 'Out of memory: Killed process 4242 (postgres)', ERROR],
    ['system_failure', 'job nightly-rollup failed to start: exit status 1', ERROR],
    ['performance', 'request to /search timed out after 30000 ms', WARN],
    ['performance', 'slow query detected: 4532 ms SELECT * FROM orders', WARN],
    ['network', 'dial tcp 10.0.3.4:6379: connect: connection refused', ERROR],
    ['network', 'could not resolve host mirror.example.org: temporary failure in name resolution', WARN],
    ['config', "invalid value 'yes please' for option cache.ttl in /etc/app/app.yaml", ERROR],
    ['config', 'property spark.yarn.jar is deprecated, use spark.yarn.jars instead', WARN],
    ['hardware', 'blk_update_request: I/O error, dev sdc, sector 88123904', ERROR],
    ['hardware', 'EDAC MC0: 1 CE memory read error on DIMM_B1 (correctable error)', WARN],
    ['hardware', 'CPU2: Core temperature above threshold, cpu clock throttled (overheating)', WARN],
    ['normal', 'user alice logged in from 203.0.113.9', INFO],
    ['normal', 'cache warmed: 1800 entries loaded in 2.1s', INFO],
  ];
  for (const [cls, message, severity] of cases) {
    it(`${cls}: ${message}`, () => {
      expect(classOf(message, severity)).toBe(cls);
    });
  }

  it('calls an INFO line with nothing to say normal, with high confidence', () => {
    const c = createClassifier().classify({ message: 'rebalanced 12 partitions across 3 brokers', severityNumber: INFO });
    expect(c.class).toBe('normal');
    expect(c.confidence).toBeGreaterThanOrEqual(0.85);
  });

  it('calls an error with no named cause a system failure, with less confidence than a named one', () => {
    const clf = createClassifier();
    const vague = clf.classify({ message: 'something went sideways in reconcile loop', severityNumber: FATAL });
    const named = clf.classify({ message: 'panic: runtime error: index out of range', severityNumber: FATAL });
    expect(vague.class).toBe('system_failure');
    expect(named.class).toBe('system_failure');
    expect(named.confidence).toBeGreaterThan(vague.confidence);
  });

  it('lets a topic word choose the class only when the line reports a problem', () => {
    expect(classOf('eth0: link is up at 10 Gbps', INFO)).toBe('normal');
    expect(classOf('disk /dev/sdb attached as scsi2', 0)).toBe('normal');
    expect(classOf('link flapping on eth0, error count rising', 0)).toBe('network');
    expect(classOf('fan 3 reading abnormal', 0)).toBe('hardware');
  });

  it('lets a named cause win over generic failure words', () => {
    expect(classOf('worker 7: write failed: connection reset by peer', ERROR)).toBe('network');
    expect(classOf('backup job failed: No space left on device', ERROR)).toBe('hardware');
    expect(classOf('backup job failed, giving up', ERROR)).toBe('system_failure');
  });

  it('reads attributes: status codes and exception types', () => {
    expect(classOf('GET /api/cart', INFO, { 'http.response.status_code': 503 })).toBe('network');
    expect(classOf('GET /api/cart', INFO, { 'http.response.status_code': 429 })).toBe('performance');
    expect(classOf('POST /login', INFO, { 'http.response.status_code': 401 })).toBe('security');
    expect(classOf('GET /api/cart', INFO, { 'http.response.status_code': 200 })).toBe('normal');
    expect(classOf('request failed', ERROR, { 'exception.type': 'java.net.SocketTimeoutException' })).toBe('performance');
    expect(createClassifier().classify({ message: 'GET /x', severityNumber: INFO, attributes: new Map([['http.status_code', '504']]) }).class).toBe('performance');
  });
});

describe('classifier: extension by configuration', () => {
  it('adds user rules as data', () => {
    const message = 'PCIe AER: corrected receiver error on 0000:3b:00.0';
    const custom = createClassifier({ extraRules: [{ id: 'site.pcie-aer', class: 'hardware', weight: 4, words: ['pcie aer', 'aer:'] }] });
    expect(custom.classify({ message, severityNumber: WARN }).class).toBe('hardware');
    expect(custom.explain({ message, severityNumber: WARN }).matched.map((m) => m.id)).toContain('site.pcie-aer');
  });

  it('replaces a built-in rule by id and disables rules by id', () => {
    const message = 'login failed for user bob';
    expect(classOf(message, WARN)).toBe('security');
    const replaced = createClassifier({ extraRules: [{ id: 'security.auth-failure', class: 'normal', weight: 5, words: ['login failed'] }] });
    expect(replaced.classify({ message, severityNumber: WARN }).class).toBe('normal');
    const disabled = createClassifier({ disabledRules: ['security.auth-failure', 'security.topic'] });
    expect(disabled.classify({ message, severityNumber: WARN }).class).toBe('system_failure');
    expect(disabled.stats().rules).toBe(DEFAULT_RULES.length - 2);
  });

  it('supports severity bounds and attribute conditions in user rules', () => {
    const clf = createClassifier({
      rules: [
        { id: 'queue-depth', class: 'performance', weight: 3, attribute: { keys: ['queue.depth'], min: 1000 } },
        { id: 'only-loud-retries', class: 'network', weight: 3, words: ['retry'], minSeverity: 'warn' },
      ],
    });
    expect(clf.classify({ message: 'tick', severityNumber: INFO, attributes: { 'queue.depth': 5000 } }).class).toBe('performance');
    expect(clf.classify({ message: 'tick', severityNumber: INFO, attributes: { 'queue.depth': 10 } }).class).toBe('normal');
    expect(clf.classify({ message: 'will retry', severityNumber: INFO }).class).toBe('normal');
    expect(clf.classify({ message: 'will retry', severityNumber: WARN }).class).toBe('network');
  });

  it('rejects bad rules with a message naming the rule and the field', () => {
    expect(() => createClassifier({ extraRules: [{ id: 'x', class: 'gremlins' as LogClass, weight: 1, words: ['a'] }] })).toThrow(/rule 'x': 'class' must be one of/);
    expect(() => createClassifier({ extraRules: [{ id: 'y', class: 'network', weight: 1, pattern: '(' }] })).toThrow(/rule 'y': pattern is not a valid regular expression/);
    expect(() => createClassifier({ extraRules: [{ id: 'z', class: 'network', weight: 1 }] })).toThrow(/rule 'z': give exactly one of words, pattern, attribute/);
    expect(() => createClassifier({ extraRules: [{ id: 'w', class: 'network', weight: 1, words: ['a'], minSeverity: 'loud' }] })).toThrow(/rule 'w': minSeverity 'loud' is not a known level/);
    expect(() => createClassifier({ extraRules: [{ class: 'network', weight: 1, words: ['a'] } as never] })).toThrow(/extraRules\[0\]: 'id' must be a non-empty string/);
  });
});

describe('classifier: per-template cache', () => {
  it('computes text evidence once per template and severity bucket, and counts hits', () => {
    const clf = createClassifier();
    const a = clf.classify({ message: 'connection refused by 10.0.0.1:5432', severityNumber: ERROR }, 't1');
    const b = clf.classify({ message: 'connection refused by 10.0.0.2:5432', severityNumber: ERROR }, 't1');
    clf.classify({ message: 'connection refused by 10.0.0.2:5432', severityNumber: INFO }, 't1');
    expect(b).toBe(a);
    expect(clf.stats()).toMatchObject({ cacheSize: 1, cacheHits: 1, cacheMisses: 2 });
  });

  it('still adds per-record attribute evidence to a cached template', () => {
    const clf = createClassifier();
    const ok = clf.classify({ message: 'GET /api/orders/<*>', severityNumber: INFO, attributes: { 'http.response.status_code': 200 } }, 'tpl');
    const down = clf.classify({ message: 'GET /api/orders/<*>', severityNumber: INFO, attributes: { 'http.response.status_code': 502 } }, 'tpl');
    expect(ok.class).toBe('normal');
    expect(down.class).toBe('network');
  });

  it('remembers at most 32 attribute combinations per template and counts the rest', () => {
    const rules = Array.from({ length: 6 }, (_, i) => ({ id: `flag${i}`, class: 'performance' as const, weight: 0.1 * (i + 1), attribute: { keys: [`f${i}`] } }));
    const clf = createClassifier({ rules });
    for (let combo = 1; combo < 64; combo++) {
      const attributes: Record<string, number> = {};
      for (let i = 0; i < 6; i++) if (combo & (1 << i)) attributes[`f${i}`] = 1;
      clf.classify({ message: 'tick', severityNumber: INFO, attributes }, 'one-template');
    }
    expect(clf.stats().attributeMemoOverflow).toBe(63 - 32);
  });

  it('is capped: the oldest template is evicted and counted', () => {
    const clf = createClassifier({ cacheSize: 2 });
    for (const id of ['a', 'b', 'c', 'd']) clf.classify({ message: `template ${id}`, severityNumber: INFO }, id);
    expect(clf.stats()).toMatchObject({ cacheSize: 2, cacheCapacity: 2, cacheEvictions: 2 });
  });
});
