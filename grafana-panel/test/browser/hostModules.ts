/**
 * What Grafana provides to plugins at run time, from the real packages: bundled for the browser
 * by the browser test and registered as AMD modules under the names module.js asks for.
 */
import * as EmotionCss from '@emotion/css';
import * as GrafanaData from '@grafana/data';
import * as GrafanaUi from '@grafana/ui';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';

export const modules: Record<string, unknown> = {
  react: React,
  'react-dom': ReactDOM,
  '@grafana/data': GrafanaData,
  '@grafana/ui': GrafanaUi,
  '@emotion/css': EmotionCss,
};

export { GrafanaData, GrafanaUi, React, ReactDOMClient };
