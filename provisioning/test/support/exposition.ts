/** Metric families of a Prometheus text exposition: family name → type and the label names its series carry. */
export function parseExposition(text: string): Map<string, { type: string; labels: Set<string> }> {
  const families = new Map<string, { type: string; labels: Set<string> }>();
  const familyOf = (series: string): string | undefined => {
    if (families.has(series)) return series;
    const base = series.replace(/_(bucket|sum|count)$/, '');
    return families.get(base)?.type === 'histogram' ? base : undefined;
  };
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      families.set(type[1], { type: type[2], labels: new Set() });
      continue;
    }
    if (line.startsWith('#') || line.trim() === '') continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s/.exec(line);
    if (!sample) continue;
    const family = familyOf(sample[1]);
    if (!family) throw new Error(`series ${sample[1]} has no # TYPE line`);
    for (const label of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) {
      if (label[1] !== 'le') families.get(family)?.labels.add(label[1]);
    }
  }
  return families;
}
