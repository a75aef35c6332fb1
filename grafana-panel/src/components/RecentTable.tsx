import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { classColor, classTitle } from '../data/classes.js';
import type { RecentRow } from '../data/recentRows.js';
import type { ExploreHref } from './Timeline.js';

interface Props {
  rows: RecentRow[];
  threshold: number;
  timeZone?: string;
  exploreHref: ExploreHref;
  /** Total anomalous records before the row cap, for the footer. */
  totalAnomalies: number;
}

/** A minute either side of a record, for its Explore link. */
const CONTEXT_MS = 60_000;

/** The latest anomalous records, newest first. */
export function RecentTable({ rows, threshold, timeZone, exploreHref, totalAnomalies }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  return (
    <div className={styles.scroll} data-testid="recent-table">
      <table className={styles.table}>
        <thead>
          <tr>
            <th>Time</th>
            <th>Service</th>
            <th>Class</th>
            <th className={styles.num}>Score</th>
            <th>Template</th>
            <th>Reasons</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const href = exploreHref(row.timeMs - CONTEXT_MS, row.timeMs + CONTEXT_MS);
            return (
              <tr key={row.key} data-testid="recent-row">
                <td className={styles.time}>
                  {href ? <a href={href} className={styles.link}>{dateTimeFormat(row.timeMs, { format: 'MM-DD HH:mm:ss', timeZone })}</a> : dateTimeFormat(row.timeMs, { format: 'MM-DD HH:mm:ss', timeZone })}
                </td>
                <td>{row.service}</td>
                <td>
                  <span className={styles.swatch} style={{ background: classColor(row.class) }} />
                  {classTitle(row.class)}
                </td>
                <td className={styles.num} style={{ color: row.score >= threshold ? theme.colors.error.text : undefined }}>
                  {Number.isFinite(row.score) ? row.score.toFixed(3) : '–'}
                </td>
                <td className={styles.template} title={row.template}>
                  {row.template}
                </td>
                <td className={styles.reasons} title={row.reasons}>
                  {row.reasons}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {totalAnomalies > rows.length && (
        <div className={styles.footer}>
          Showing the latest {rows.length} of {totalAnomalies} anomalous records.
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  scroll: css({ height: '100%', overflow: 'auto' }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: theme.typography.bodySmall.fontSize,
    tableLayout: 'fixed',
    'th, td': {
      padding: theme.spacing(0.25, 0.75),
      textAlign: 'left',
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    th: {
      position: 'sticky',
      top: 0,
      background: theme.colors.background.primary,
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightMedium,
      zIndex: 1,
    },
    'th:nth-child(1)': { width: 110 },
    'th:nth-child(2)': { width: '14%' },
    'th:nth-child(3)': { width: 110 },
    'th:nth-child(4)': { width: 56 },
    'th:nth-child(6)': { width: '18%' },
    'tbody tr:hover': { background: theme.colors.action.hover },
  }),
  num: css({ textAlign: 'right !important' as 'right', fontVariantNumeric: 'tabular-nums' }),
  time: css({ fontVariantNumeric: 'tabular-nums' }),
  template: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  reasons: css({ color: theme.colors.text.secondary }),
  swatch: css({ width: 8, height: 8, borderRadius: 2, display: 'inline-block', marginRight: 6 }),
  link: css({ color: theme.colors.text.link }),
  footer: css({ padding: theme.spacing(0.5), color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
