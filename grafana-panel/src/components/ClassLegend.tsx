import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { classColor, classTitle } from '../data/classes.js';
import { shortCount } from '../data/ticks.js';

export const LEGEND_HEIGHT = 20;

export function ClassLegend({ classes, totals }: { classes: string[]; totals: number[] }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.legend} data-testid="class-legend">
      {classes.map((cls, i) => (
        <span key={cls} className={styles.item}>
          <span className={styles.swatch} style={{ background: classColor(cls) }} />
          {classTitle(cls)} <span className={styles.count}>{shortCount(totals[i] ?? 0)}</span>
        </span>
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
  item: css({ display: 'inline-flex', alignItems: 'center', gap: 4, whiteSpace: 'nowrap' }),
  swatch: css({ width: 10, height: 10, borderRadius: 2, display: 'inline-block' }),
  count: css({ color: theme.colors.text.primary }),
});
