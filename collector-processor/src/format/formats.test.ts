import { describe, expect, it } from 'vitest';
import { builtinFormats, resolveFormat } from './builtin-formats.js';
import { detectFormat, FormatDetector, parseHeader } from './format-detector.js';
import { compileSpec } from './spec-format.js';

/** One line of each built-in format, with the message it must yield. */
const CASES: [string, string, string, Record<string, string>][] = [
  ['syslog-5424', '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] An application event log entry', 'An application event log entry', { host: 'mymachine.example.com', app: 'evntslog' }],
  ['access-log', '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "-" "Mozilla/4.08"', '"GET /apache_pb.gif HTTP/1.0" 200 2326 "-" "Mozilla/4.08"', { client: '127.0.0.1', user: 'frank' }],
  ['apache-error', '[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties', 'workerEnv.init() ok /etc/httpd/conf/workers2.properties', { level: 'notice' }],
  ['log4j-pid', '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating', 'PacketResponder 1 terminating', { pid: '148', level: 'INFO' }],
  ['log4j-thread', '2015-10-18 18:01:47,978 INFO [main] org.apache.App: Created app', 'Created app', { thread: 'main', component: 'org.apache.App' }],
  ['log4j-dash', '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200', 'Notification time out: 3200', { level: 'INFO', line: '774' }],
  ['log4j', '17/06/09 20:10:40 INFO spark.SecurityManager: Changing view acls to: yarn', 'Changing view acls to: yarn', { level: 'INFO' }],
  ['logcat', '03-17 16:13:38.819  1702  8671 D PowerManagerService: acquire lock=233570404', 'acquire lock=233570404', { pid: '1702', level: 'D' }],
  ['cbs', '2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1', 'Loaded Servicing Stack v6.1', { level: 'Info', component: 'CBS' }],
  ['ras', '- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected', 'instruction cache parity error corrected', { level: 'INFO', component: 'KERNEL' }],
  ['tagged-syslog', '- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root', 'session closed for user root', { pid: '2915', component: 'crond(pam_unix)' }],
  ['cluster-event', '134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change: Component is unavailable', 'Component State Change: Component is unavailable', { node: 'node-246' }],
  ['syslog-3164', '<34>Oct 11 22:14:15 mymachine su[230]: \'su root\' failed for lonvick on /dev/pts/8', "'su root' failed for lonvick on /dev/pts/8", { host: 'mymachine', app: 'su', pid: '230' }],
  ['json', '{"time":"2024-01-01T00:00:00Z","level":"error","msg":"db timeout","db":{"host":"pg1"}}', 'db timeout', { level: 'error', 'db.host': 'pg1' }],
  ['logfmt', 'ts=2024-01-01T00:00:00Z level=info msg="request done" status=200', 'request done', { level: 'info', status: '200' }],
];

describe('built-in header formats', () => {
  it.each(CASES)('%s splits header and message', (name, line, message, fields) => {
    const parsed = parseHeader(line, name);
    expect(parsed?.message).toBe(message);
    for (const [k, v] of Object.entries(fields)) expect(parsed?.fields[k]).toBe(v);
  });

  it.each(CASES)('%s is the format detected for its own lines', (name, line) => {
    expect(detectFormat([line, line])?.name).toBe(name);
  });

  it('does not fit a line of another format', () => {
    expect(parseHeader('just some text without a header', 'log4j')).toBeUndefined();
    expect(parseHeader('{"broken json', 'json')).toBeUndefined();
    expect(parseHeader('key=value and words', 'logfmt')).toBeUndefined();
  });

  it('compiles loghub-style specs, with optional groups, and names them in errors', () => {
    const f = compileSpec('x', '<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>');
    expect(f.parse('Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown')).toEqual({
      message: 'check pass; user unknown',
      fields: { month: 'Jun', date: '14', time: '15:16:01', level: 'combo', component: 'sshd(pam_unix)', pid: '19939' },
    });
    expect(() => compileSpec('bad', '<Date> <Time>')).toThrow(/bad.*<Content>/);
    expect(() => resolveFormat('no-such-format')).toThrow(/unknown log format 'no-such-format'/);
    expect(builtinFormats().length).toBeGreaterThanOrEqual(CASES.length);
  });
});

describe('hostile lines', () => {
  it('are rejected by every format without runaway backtracking', () => {
    const lines = [
      'a '.repeat(50_000),
      ' '.repeat(100_000) + 'x',
      '2015-10-18 18:01:47,978 INFO ['.padEnd(100_000, '[ :]'),
      'Jun 14 15:16:01 host '.padEnd(100_000, 'ab :[1]'),
      '- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 '.padEnd(100_000, 'x:y [2] '),
    ];
    const tenFields = compileSpec('ten', '<A> <B> <C> <D> <E> <F> <G> <H> <I> <J> <Content>');
    const delimited = compileSpec('delimited', '<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>');
    for (const line of lines) {
      for (const format of [...builtinFormats(), tenFields, delimited]) format.parse(line);
    }
    // The ten-field spec still splits lines that fit it.
    expect(tenFields.parse('1 2 3 4 5 6 7 8 9 10 the message')?.message).toBe('the message');
  });
});

describe('FormatDetector', () => {
  it('detects per stream from a sample and passes lines it does not fit through whole', () => {
    const d = new FormatDetector();
    d.prime(['081109 203615 148 INFO dfs.X: a 1', '081109 203616 149 INFO dfs.Y: b 2']);
    expect(d.formatName).toBe('log4j-pid');
    expect(d.parse('081109 203617 150 WARN dfs.Z: c 3').message).toBe('c 3');
    expect(d.parse('a continuation line').message).toBe('a continuation line');
    expect(d.counts.unparsed).toBe(1);
  });

  it('detects again after many lines of a different format', () => {
    const d = new FormatDetector(undefined, { redetectAfter: 4 });
    d.prime(['081109 203615 148 INFO dfs.X: a']);
    for (let i = 0; i < 4; i++) d.parse(`{"msg":"m${i}","level":"info"}`);
    expect(d.formatName).toBe('json');
    expect(d.parse('{"msg":"hello"}').message).toBe('hello');
  });

  it('looks at a stream of plain messages less and less often', () => {
    const d = new FormatDetector(undefined, { sampleLines: 8 });
    for (let i = 0; i < 2000; i++) expect(d.parse(`plain message number ${i}`).message).toBe(`plain message number ${i}`);
    expect(d.formatName).toBeUndefined();
    // First line, then after 8, 16, 32, ... lines: about log2(2000 / 8) + 2 detections, not 2000 / 8.
    expect(d.counts.detections).toBeLessThanOrEqual(10);
    // And it still notices when the stream turns into a known format.
    for (let i = 0; i < 5000; i++) d.parse(`{"msg":"m${i}","level":"info"}`);
    expect(d.formatName).toBe('json');
  });

  it('uses an explicit format without detecting', () => {
    const d = new FormatDetector('logfmt');
    d.prime(['081109 203615 148 INFO dfs.X: a']);
    expect(d.formatName).toBe('logfmt');
  });
});
