// @vitest-environment node
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { panelPluginJsonErrors } from './panelPluginJson.js';

const here = new URL('.', import.meta.url);
const pluginJson = JSON.parse(readFileSync(new URL('../src/plugin.json', here), 'utf8'));
const packageJson = JSON.parse(readFileSync(new URL('../package.json', here), 'utf8'));

/** A copy of our plugin.json with one part replaced (or removed, with `undefined`). */
function withInfo(change: Record<string, unknown>) {
  return { ...pluginJson, info: { ...pluginJson.info, ...change } };
}
function without<T extends object>(object: T, key: keyof T) {
  const { [key]: _removed, ...rest } = object;
  return rest;
}

describe('plugin.json', () => {
  it('has everything Grafana requires of a panel plugin', () => {
    expect(panelPluginJsonErrors(pluginJson)).toEqual([]);
  });

  it('names the panel the provisioning and dashboards use, and needs Grafana 10.4 or later', () => {
    expect(pluginJson.type).toBe('panel');
    expect(pluginJson.id).toBe('anomalog-anomalies-panel');
    expect(pluginJson.dependencies.grafanaDependency).toBe('>=10.4.0');
    expect(pluginJson.info.logos).toEqual({ small: 'img/logo.svg', large: 'img/logo.svg' });
    expect(readFileSync(new URL('../src/img/logo.svg', here), 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('states the same version as the package', () => {
    expect(pluginJson.info.version).toBe(packageJson.version);
  });

  it('names only logos that exist in src/ (the build copies them next to module.js)', () => {
    for (const path of Object.values<string>(pluginJson.info.logos)) {
      expect(existsSync(new URL(`../src/${path}`, here)), path).toBe(true);
    }
  });
});

describe('the plugin.json check', () => {
  const refuses = (broken: unknown) => expect(panelPluginJsonErrors(broken)).not.toEqual([]);

  it('refuses a plugin.json missing a required field', () => {
    for (const key of ['type', 'id', 'name', 'info', 'dependencies'] as const) {
      refuses(without(pluginJson, key));
    }
    for (const key of ['author', 'description', 'keywords', 'logos', 'version', 'updated'] as const) {
      refuses({ ...pluginJson, info: without(pluginJson.info, key) });
    }
    refuses(withInfo({ author: {} }));
    refuses(withInfo({ logos: { small: 'img/logo.svg' } }));
    refuses({ ...pluginJson, dependencies: { plugins: [] } });
  });

  it('refuses ids that break Grafana naming and types other than panel', () => {
    for (const id of ['Anomalog Panel', 'Anomalog-anomalies-panel', 'anomalog-anomalies', 'anomalog-anomalies-app', 'anomalog_anomalies-panel', 'a-b-c-panel']) {
      refuses({ ...pluginJson, id });
    }
    refuses({ ...pluginJson, type: 'datasource' });
    expect(panelPluginJsonErrors({ ...pluginJson, id: 'Anomalog Panel' })).toEqual(['/id must be a panel id: <org>-<name>-panel in lowercase letters and digits']);
  });

  it('refuses malformed versions, dates, ranges, paths and links', () => {
    refuses(withInfo({ version: 'one' }));
    refuses(withInfo({ version: '1.0' }));
    refuses(withInfo({ updated: '24/11/2026' }));
    refuses(withInfo({ updated: '2026-02-30' }));
    refuses(withInfo({ keywords: [] }));
    refuses(withInfo({ logos: { small: '/img/logo.svg', large: 'img/logo.svg' } }));
    refuses(withInfo({ logos: { small: '../logo.svg', large: 'img/logo.svg' } }));
    refuses(withInfo({ logos: { small: 'img/logo.txt', large: 'img/logo.svg' } }));
    refuses(withInfo({ links: [{ name: 'Home', url: 'not a url' }] }));
    for (const grafanaDependency of ['', 'latest', '>= ten', '10.4.0 ||']) {
      refuses({ ...pluginJson, dependencies: { grafanaDependency } });
    }
    expect(panelPluginJsonErrors({ ...pluginJson, dependecies: pluginJson.dependencies })).toEqual(['/ has a key Grafana does not define: dependecies']);
  });

  it('accepts the range forms Grafana understands', () => {
    for (const grafanaDependency of ['>=10.4.0', '^11.0.0', '~10.4.x', '>=10.4.0 <12.0.0', '>=10.4.0, <12', '10.4 - 11.2', '>=9.5.0 || >=10.4.0-beta1']) {
      expect(panelPluginJsonErrors({ ...pluginJson, dependencies: { grafanaDependency } }), grafanaDependency).toEqual([]);
    }
  });
});
