import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { ReactNode } from 'react';

interface Props {
  /** Anchor in the container's pixels; the tooltip flips to stay inside the container width. */
  x: number;
  y: number;
  containerWidth: number;
  children: ReactNode;
  pinned?: boolean;
  testId?: string;
}

const WIDTH = 320;

export function Tooltip({ x, y, containerWidth, children, pinned, testId }: Props) {
  const styles = useStyles2(getStyles);
  const left = x + 12 + WIDTH > containerWidth ? Math.max(0, x - 12 - WIDTH) : x + 12;
  return (
    <div className={styles.tooltip} style={{ left, top: Math.max(0, y), pointerEvents: pinned ? 'auto' : 'none' }} data-testid={testId}>
      {children}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  tooltip: css({
    position: 'absolute',
    zIndex: 2,
    width: WIDTH,
    maxWidth: '90%',
    padding: theme.spacing(1),
    background: theme.colors.background.elevated ?? theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z3,
    color: theme.colors.text.primary,
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: 1.4,
  }),
});
