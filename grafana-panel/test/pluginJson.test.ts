// @vitest-environment node
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

const here = new URL('.', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('./vendor/plugin.schema.json', here), 'utf8'));
const pluginJson = JSON.parse(readFileSync(new URL('../src/plugin.json', here), 'utf8'));

function validator() {
  // Grafana's patterns escape `-` (`\-`), which is valid only without the `u` flag Ajv uses by default.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  // The schema uses the `uri` and `email` formats; checked here as the WHATWG URL parser and a plain address shape.
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
  return ajv.compile(schema);
}

describe('plugin.json', () => {
  it("validates against Grafana's plugin.json schema", () => {
    const validate = validator();
    const valid = validate(pluginJson);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('names the panel the provisioning and dashboards use, and needs Grafana 10.4 or later', () => {
    expect(pluginJson.type).toBe('panel');
    expect(pluginJson.id).toBe('anomalog-anomalies-panel');
    expect(pluginJson.dependencies.grafanaDependency).toBe('>=10.4.0');
    expect(pluginJson.info.logos).toEqual({ small: 'img/logo.svg', large: 'img/logo.svg' });
    expect(readFileSync(new URL('../src/img/logo.svg', here), 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('the schema catches a broken plugin.json (the check can fail)', () => {
    const validate = validator();
    expect(validate({ ...pluginJson, id: 'Anomalog Panel' })).toBe(false);
    expect(validate({ ...pluginJson, info: { ...pluginJson.info, version: 'one' } })).toBe(false);
    const { logos: _logos, ...infoWithoutLogos } = pluginJson.info;
    expect(validate({ ...pluginJson, info: infoWithoutLogos })).toBe(false);
  });
});
