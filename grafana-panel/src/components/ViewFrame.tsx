import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { ReactNode } from 'react';

export const VIEW_HEADER_HEIGHT = 22;

interface Props {
  title: string;
  /** Short text right of the title (totals, filter notes). */
  aside?: ReactNode;
  testId: string;
  children: ReactNode;
}

/** A titled box for one view; the content gets the box's height minus the header. */
export function ViewFrame({ title, aside, testId, children }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.frame} data-testid={testId} aria-label={title}>
      <header className={styles.header}>
        <span className={styles.title}>{title}</span>
        {aside !== undefined && <span className={styles.aside}>{aside}</span>}
      </header>
      <div className={styles.body}>{children}</div>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  frame: css({ display: 'flex', flexDirection: 'column', width: '100%', height: '100%', minWidth: 0, minHeight: 0 }),
  header: css({
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    height: VIEW_HEADER_HEIGHT,
    flex: `0 0 ${VIEW_HEADER_HEIGHT}px`,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
  }),
  title: css({ fontWeight: theme.typography.fontWeightMedium, color: theme.colors.text.primary, fontSize: theme.typography.body.fontSize }),
  aside: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, overflow: 'hidden', textOverflow: 'ellipsis' }),
  body: css({ position: 'relative', flex: '1 1 auto', minHeight: 0 }),
});
