import { describe, expect, it } from 'vitest';
import { TemplateMiner } from './template-miner.js';
import { templateId } from './template-id.js';

const STATES = ['LOOKING', 'LEADING', 'FOLLOWING'];

describe('TemplateMiner', () => {
  it('does not merge messages that differ by one keyword', () => {
    const m = new TemplateMiner();
    const ids = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const state = STATES[i % 3];
      ids.add(m.mine('zk', `Notification: ${i} (n.leader), state ${state} (n.state), round ${i * 7}`).templateId);
    }
    expect(ids.size).toBe(3);
    const r = m.mine('zk', 'Notification: 99 (n.leader), state LEADING (n.state), round 5');
    expect(r.template).toBe('Notification: <*> (n.leader), state LEADING (n.state), round <*>');
    expect(r.isNew).toBe(false);
  });

  it('merges a position once it has shown many distinct words (a parameter such as a user name)', () => {
    const m = new TemplateMiner();
    const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
    const ids = users.map((u, i) => m.mine('ssh', `Invalid user ${u} from 10.0.0.${i}`).templateId);
    const canonical = ids.map((id) => m.resolveId(id));
    expect(new Set(canonical).size).toBe(1);
    // The oldest id survives; the others resolve to it.
    expect(canonical[0]).toBe(ids[0]);
    expect(m.template('ssh', ids[1])).toBe('Invalid user <*> from <*>');
    const later = m.mine('ssh', 'Invalid user zoe from 10.9.9.9');
    expect(later.templateId).toBe(ids[0]);
    expect(later.params.map((p) => [p.type, p.text])).toEqual([
      ['string', 'zoe'],
      ['ip', '10.9.9.9'],
    ]);
  });

  it('keeps a variable-length list of values in one template', () => {
    const m = new TemplateMiner();
    const a = m.mine('w', 'called (stack @0x7fed806eb5d @0x7fef9fb9b6d @0xff83e97c)');
    const b = m.mine('w', 'called (stack @0x7fed806eb5d @0x7fefa006ade @0x7fef9fd2984 @0x7fef9f83665 @0xff83e97c @0xff83d799)');
    const c = m.mine('w', 'called (stack @0x7fed806eb5d)');
    expect(b.templateId).toBe(a.templateId);
    expect(a.template).toBe('called (stack @<*> @<*>)');
    // A single value is a list of one: the template's <*> takes runs of any length.
    expect(c.templateId).toBe(a.templateId);
    expect(c.params.at(-1)?.text).toContain('0x7fed806eb5d');
    const d = m.mine('w', 'Fan speeds ( 3552 3534 3375 4354 3515 3479 )');
    const e = m.mine('w', 'Fan speeds ( 3552 3534 )');
    expect(e.templateId).toBe(d.templateId);
    expect(d.template).toBe('Fan speeds ( <*> )');
    // A different number of values between keywords stretches the template's <*> too.
    const f = m.mine('w', 'Copied 3 of 10.0.0.1 10.0.0.2:80 to disk');
    const g = m.mine('w', 'Copied 3 of 10.0.0.1 to disk');
    expect(g.templateId).toBe(f.templateId);
    expect(g.template).toBe('Copied <*> of <*> to disk');
    const h = m.mine('w', 'Copied 4 of 10.0.0.7 10.0.0.8:80 10.0.0.9 to disk');
    expect(h.templateId).toBe(f.templateId);
    expect(h.params.map((p) => p.text)).toEqual(['4', '10.0.0.7 10.0.0.8:80 10.0.0.9']);
    // But keywords never stretch: an extra word is another event.
    expect(m.mine('w', 'Copied 3 of 10.0.0.1 safely to disk').templateId).not.toBe(f.templateId);
  });

  it('types parameters', () => {
    const m = new TemplateMiner();
    const r = m.mine(
      's',
      'GET /api/v1/items from 10.1.2.3:8080 took 15ms size 12KB id 3f2504e0-4f89-11d3-9a0c-0305e82c3301 at 2024-01-02T03:04:05Z mail bob@example.com url https://x.io/a count 42 hash deadbeef12',
    );
    const byText = Object.fromEntries(r.params.map((p) => [p.text, p]));
    expect(byText['/api/v1/items'].type).toBe('path');
    expect(byText['10.1.2.3'].type).toBe('ip');
    expect(byText['8080']).toEqual({ type: 'number', text: '8080', value: 8080 });
    expect(byText['15ms']).toEqual({ type: 'duration', text: '15ms', value: 15 });
    expect(byText['12KB']).toEqual({ type: 'size', text: '12KB', value: 12 * 1024 });
    expect(byText['3f2504e0-4f89-11d3-9a0c-0305e82c3301'].type).toBe('uuid');
    expect(byText['2024-01-02T03:04:05Z'].type).toBe('time');
    expect(byText['bob@example.com'].type).toBe('email');
    expect(byText['x.io/a'].type).toBe('url');
    expect(byText['42'].value).toBe(42);
    expect(byText['deadbeef12'].type).toBe('hex');
    expect(r.template).toBe('GET <*> from <*>:<*> took <*> size <*> id <*> at <*> mail <*> url https://<*> count <*> hash <*>');
  });

  it('gives ids that are a hash of service and template, the same in two independent miners', () => {
    const lines = ['disk sda1 is 91% full', 'disk sdb2 is 95% full', 'job 17 started', 'job 18 started'];
    const a = new TemplateMiner();
    const b = new TemplateMiner();
    const idsA = lines.map((l) => a.mine('svc', l).templateId);
    const idsB = lines.map((l) => b.mine('svc', l).templateId);
    expect(idsB).toEqual(idsA);
    expect(idsA[2]).toBe(templateId('svc', 'job <*> started'));
    expect(idsA[2]).toMatch(/^[0-9a-f]{16}$/);
    expect(new TemplateMiner().mine('other', 'job 1 started').templateId).not.toBe(idsA[2]);
  });

  it('restores a snapshot exactly: the restored miner answers as the original would', () => {
    const lines: string[] = [];
    for (let i = 0; i < 200; i++) lines.push(`user u${i % 7} login ${['ok', 'failed', 'locked'][i % 3]} from 10.0.${i % 5}.${i}`);
    const original = new TemplateMiner();
    for (const l of lines.slice(0, 100)) original.mine('auth', l);
    const snapshot = JSON.parse(JSON.stringify(original.snapshot())) as ReturnType<TemplateMiner['snapshot']>;
    const restored = TemplateMiner.fromSnapshot(snapshot);
    for (const l of lines.slice(100)) expect(restored.mine('auth', l)).toEqual(original.mine('auth', l));
    expect(restored.snapshot()).toEqual(original.snapshot());
  });

  it('enforces its caps and counts what they dropped', () => {
    const m = new TemplateMiner({ maxTemplatesPerService: 32, maxTokensPerLine: 8, maxLineLength: 200, maxServices: 3 });
    // Two differing keywords per message: each is a template of its own.
    const word = (i: number): string => String.fromCharCode(97 + (i % 26)) + String.fromCharCode(97 + Math.floor(i / 26));
    for (let i = 0; i < 200; i++) m.mine('s', `${word(i)} ${word(i + 300)} happened`);
    expect(m.stats().templatesByService.get('s')).toBeLessThanOrEqual(32);
    expect(m.capEvents().get('templates.evicted')).toBeGreaterThan(0);

    const long = m.mine('s', 'a b c d e f g h i j k l');
    expect(long.template).toBe('a b c d e f g <*>');
    expect(long.params.at(-1)?.text).toBe('h i j k l');
    expect(m.capEvents().get('tokens.truncated')).toBe(1);

    m.mine('s', 'x'.repeat(500));
    expect(m.capEvents().get('line.truncated')).toBe(1);

    for (const s of ['t1', 't2', 't3', 't4']) m.mine(s, 'hello');
    expect(m.stats().services).toBe(3);
    expect(m.capEvents().get('services.evicted')).toBe(2);

    const total = new TemplateMiner({ maxTemplatesTotal: 40, maxServices: 10 });
    for (let i = 0; i < 100; i++) total.mine(`svc${i % 4}`, `${word(i)} ${word(i + 300)} happened`);
    const sizes = [...total.stats().templatesByService.values()];
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(40);
    expect(total.capEvents().get('templates.evicted')).toBeGreaterThan(0);
  });

  it('survives hostile lines and stays within its caps', () => {
    const m = new TemplateMiner({ maxTemplatesPerService: 100, maxTemplatesTotal: 300 });
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = 'ab09:/.=-_[](){}@"\' \t,;\\<>*\ud800\udfff\u0000é';
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(rnd() * (i % 500 === 0 ? 40_000 : 120));
      let line = '';
      for (let j = 0; j < len; j++) line += alphabet[Math.floor(rnd() * alphabet.length)];
      const r = m.mine(`s${i % 5}`, line);
      expect(r.templateId).toMatch(/^[0-9a-f]{16}$/);
    }
    const sizes = [...m.stats().templatesByService.values()];
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(300);
    expect(m.capEvents().get('line.truncated')).toBeGreaterThan(0);
    // The snapshot of such a miner is still plain JSON that restores.
    const copy = TemplateMiner.fromSnapshot(JSON.parse(JSON.stringify(m.snapshot())) as ReturnType<TemplateMiner['snapshot']>);
    expect(copy.stats().templatesByService).toEqual(m.stats().templatesByService);
  });

  it('rejects invalid configuration with the key named', () => {
    expect(() => new TemplateMiner({ maxTemplatesPerService: 0 })).toThrow(/maxTemplatesPerService/);
  });
});
