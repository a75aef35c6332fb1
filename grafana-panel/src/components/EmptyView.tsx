import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { VIEW_REQUIREMENTS } from '../data/viewRequirements.js';
import type { ViewId } from '../types.js';

/** Says plainly which query a view needs when it has no data. */
export function EmptyView({ view, unrecognised = 0 }: { view: ViewId; unrecognised?: number }) {
  const styles = useStyles2(getStyles);
  const need = VIEW_REQUIREMENTS[view];
  return (
    <div className={styles.empty} data-testid={`empty-${view}`}>
      <div className={styles.title}>No data for the {need.title.toLowerCase()}.</div>
      <div>It needs a {need.datasource} query:</div>
      {need.queries.map((q) => (
        <code key={q} className={styles.query}>
          {q}
        </code>
      ))}
      <div className={styles.note}>{need.note}</div>
      {unrecognised > 0 && (
        <div className={styles.note} data-testid="unrecognised-note">
          {unrecognised} result{unrecognised === 1 ? '' : 's'} of this panel's queries matched no view: check the metric names
          against the queries above.
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  empty: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    padding: theme.spacing(1),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    overflow: 'auto',
    height: '100%',
  }),
  title: css({ color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium }),
  query: css({
    display: 'block',
    padding: theme.spacing(0.5),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    fontFamily: theme.typography.fontFamilyMonospace,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
  }),
  note: css({ fontStyle: 'italic' }),
});
