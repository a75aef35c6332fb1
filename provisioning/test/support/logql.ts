/** Label names used in the stream selectors (`{a="x", b=~"y"}`) of a LogQL expression. */
export function streamSelectorLabels(expr: string): string[] {
  const labels: string[] = [];
  for (const selector of expr.matchAll(/\{([^{}]*)\}/g)) {
    const unquoted = selector[1].replace(/"(?:[^"\\]|\\.)*"|`[^`]*`/g, '""');
    for (const m of unquoted.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)) labels.push(m[1]);
  }
  return labels;
}

/** Label names in the `by (...)` / `without (...)` clauses of a LogQL metric query. */
export function groupingLabels(expr: string): string[] {
  return [...expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)].flatMap((m) =>
    m[1]
      .split(',')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  );
}
