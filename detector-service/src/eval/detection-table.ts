import type { DetectionScores } from './detection-metrics.js';
import type { DetectionSection } from './detection.js';

const f = (x: number | null): string => (x === null ? '-' : x.toFixed(3));

function row(name: string, s: DetectionScores): string {
  return `${name.padEnd(28)} ${f(s.precision).padStart(9)} ${f(s.recall).padStart(7)} ${f(s.f1).padStart(7)} ${f(s.aucPr).padStart(7)} ${String(s.flagged).padStart(8)}`;
}

/** The detection section as readable tables. */
export function detectionTable(d: DetectionSection): string {
  const out = ['detection, line level', `${'set'.padEnd(28)} precision  recall      F1  AUC-PR  flagged`];
  for (const [name, r] of Object.entries(d.labelled)) {
    out.push(row(`${name} engine`, r.engine), row(`${name} severity baseline`, r.severityBaseline));
  }
  const s = d.scenarios;
  out.push(row(`scenarios (seed ${s.seed})`, s.overall));
  out.push('', `${'anomaly type'.padEnd(22)} records  recall  incidents  detected  median delay (s)`);
  for (const [type, t] of Object.entries(s.types)) {
    out.push(
      `${type.padEnd(22)} ${String(t.records).padStart(7)} ${f(t.recall).padStart(7)} ${String(t.incidents).padStart(10)} ${String(t.incidentsDetected).padStart(9)} ${(t.medianDelaySeconds === null ? '-' : t.medianDelaySeconds.toFixed(1)).padStart(17)}`,
    );
  }
  out.push(`overall median delay: ${s.overall.medianDelaySeconds === null ? '-' : `${s.overall.medianDelaySeconds.toFixed(1)} s`}`);
  return out.join('\n');
}
