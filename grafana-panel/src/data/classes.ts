/**
 * The seven classes Anomalog gives a record, with their fixed colours. The colours are part of
 * the panel's documented look (README), the same in light and dark themes, so a class reads the
 * same on every dashboard.
 */
export const LOG_CLASSES = [
  'security',
  'system_failure',
  'performance',
  'network',
  'config',
  'hardware',
  'normal',
] as const;

export type LogClassName = (typeof LOG_CLASSES)[number];

export const CLASS_COLORS: Readonly<Record<LogClassName, string>> = {
  security: '#E02F44',
  system_failure: '#8F3BB8',
  performance: '#FF9830',
  network: '#3274D9',
  config: '#FADE2A',
  hardware: '#56A64B',
  normal: '#8E8E8E',
};

/** Colour for a class label value that is not one of the seven (e.g. `other` from a capped label). */
export const UNKNOWN_CLASS_COLOR = '#B7B7B7';

export const CLASS_TITLES: Readonly<Record<LogClassName, string>> = {
  security: 'Security',
  system_failure: 'System failure',
  performance: 'Performance',
  network: 'Network',
  config: 'Config',
  hardware: 'Hardware',
  normal: 'Normal',
};

export function isLogClass(value: string): value is LogClassName {
  return (LOG_CLASSES as readonly string[]).includes(value);
}

export function classColor(value: string): string {
  return isLogClass(value) ? CLASS_COLORS[value] : UNKNOWN_CLASS_COLOR;
}

export function classTitle(value: string): string {
  return isLogClass(value) ? CLASS_TITLES[value] : value;
}
