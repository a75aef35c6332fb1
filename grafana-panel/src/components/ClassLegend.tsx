import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { classColor, classTitle } from '../data/classes.js';
import { shortCount } from '../data/ticks.js';

export const LEGEND_HEIGHT = 20;

interface Props {
  classes: string[];
  totals: number[];
  hidden: ReadonlySet<string>;
  /** Click shows or hides a class, as in Grafana's own legends. */
  onToggle: (cls: string) => void;
}

export function ClassLegend({ classes, totals, hidden, onToggle }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.legend} data-testid="class-legend">
      {classes.map((cls, i) => (
        <button
          type="button"
          key={cls}
          className={styles.item}
          style={{ opacity: hidden.has(cls) ? 0.4 : 1 }}
          aria-pressed={!hidden.has(cls)}
          title={hidden.has(cls) ? 'Show this class' : 'Hide this class'}
          onClick={() => onToggle(cls)}
        >
          <span className={styles.swatch} style={{ background: classColor(cls) }} />
          {classTitle(cls)} <span className={styles.count}>{shortCount(totals[i] ?? 0)}</span>
        </button>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  legend: css({
    display: 'flex',
    flexWrap: 'nowrap',
    gap: theme.spacing(1.5),
    height: LEGEND_HEIGHT,
    alignItems: 'center',
    overflow: 'hidden',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
  }),
  item: css({
    display: 'inline-flex',
    alignItems: 'center',
    gap: 4,
    whiteSpace: 'nowrap',
    background: 'none',
    border: 'none',
    padding: 0,
    color: 'inherit',
    font: 'inherit',
    cursor: 'pointer',
  }),
  swatch: css({ width: 10, height: 10, borderRadius: 2, display: 'inline-block' }),
  count: css({ color: theme.colors.text.primary }),
});
