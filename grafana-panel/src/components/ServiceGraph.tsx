import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { type GraphLayout, layoutForBox } from '../data/graphLayout.js';
import type { NodeFilter } from '../data/nodeFilter.js';
import type { NodeKind } from '../data/nodeKind.js';
import { type GraphModel, type GraphNode, neighbourhood } from '../data/serviceGraph.js';
import { shortCount } from '../data/ticks.js';
import type { GraphDirection, GraphLabels } from '../types.js';
import { fitViewBox, type ViewBox, viewTransform, zoomAt } from './graphView.js';
import { Tooltip } from './Tooltip.js';

interface Props {
  model: GraphModel;
  width: number;
  height: number;
  direction: GraphDirection;
  labels: GraphLabels;
  selected: NodeFilter | null;
  onSelect: (filter: NodeFilter | null) => void;
}

const LEGEND_HEIGHT = 20;
/** With labels on `auto`, client IPs and users are named only in graphs up to this size. */
const AUTO_CLIENT_LABEL_LIMIT = 60;

export function kindColor(theme: GrafanaTheme2, kind: NodeKind): string {
  switch (kind) {
    case 'service':
      return theme.visualization.getColorByName('blue');
    case 'ip':
      return theme.visualization.getColorByName('purple');
    case 'user':
      return theme.visualization.getColorByName('orange');
    default:
      return theme.colors.text.secondary;
  }
}

function glyph(node: GraphNode): string {
  switch (node.kind) {
    case 'ip':
      return 'IP';
    case 'user':
      return 'U';
    case 'other':
      return '…';
    default:
      return node.id.slice(0, 2).toUpperCase();
  }
}

function shorten(text: string, max = 22): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

interface BodyProps {
  model: GraphModel;
  layout: GraphLayout;
  selectedId: string | null;
  showLabel: (node: GraphNode) => boolean;
  onNodeEnter: (id: string) => void;
  onNodeLeave: () => void;
  onNodeClick: (node: GraphNode) => void;
}

/** Edges and nodes: drawn once per graph, selection or theme; hover and zoom do not redraw them. */
const GraphBody = memo(function GraphBody({ model, layout, selectedId, showLabel, onNodeEnter, onNodeLeave, onNodeClick }: BodyProps) {
  const theme = useTheme2();
  const r = layout.nodeRadius;
  const circumference = 2 * Math.PI * r;
  const focus = selectedId ? neighbourhood(model, selectedId) : null;
  return (
    <g>
      <defs>
        <marker id="anomalog-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill={theme.colors.text.secondary} />
        </marker>
      </defs>
      <g data-testid="graph-edges">
        {model.edges.map((edge) => {
          const a = layout.positions.get(edge.source);
          const b = layout.positions.get(edge.target);
          if (!a || !b || edge.source === edge.target) {
            return null;
          }
          const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
          const ux = (b.x - a.x) / length;
          const uy = (b.y - a.y) / length;
          const share = edge.total > 0 ? edge.anomalous / edge.total : 0;
          const dimmed = focus !== null && !(edge.source === selectedId || edge.target === selectedId);
          return (
            <line
              key={edge.id}
              x1={a.x + ux * r}
              y1={a.y + uy * r}
              x2={b.x - ux * (r + 2)}
              y2={b.y - uy * (r + 2)}
              stroke={share >= 0.05 ? theme.colors.error.main : theme.colors.text.disabled}
              strokeOpacity={dimmed ? 0.08 : share >= 0.05 ? Math.min(1, 0.45 + share) : 0.55}
              strokeWidth={edge.width}
              markerEnd="url(#anomalog-arrow)"
            >
              <title>{`${edge.source} → ${edge.target}: ${shortCount(edge.total)} calls, ${shortCount(edge.anomalous)} anomalous`}</title>
            </line>
          );
        })}
      </g>
      <g data-testid="graph-nodes">
        {model.nodes.map((node) => {
          const p = layout.positions.get(node.id);
          if (!p) {
            return null;
          }
          const share = node.total > 0 ? node.anomalous / node.total : 0;
          const dimmed = focus !== null && !focus.has(node.id);
          return (
            <g
              key={node.id}
              data-testid="graph-node"
              data-node-id={node.id}
              transform={`translate(${p.x},${p.y})`}
              opacity={dimmed ? 0.25 : 1}
              style={{ cursor: 'pointer' }}
              role="button"
              tabIndex={0}
              aria-label={`${node.kind === 'ip' ? 'client IP' : node.kind} ${node.id}`}
              aria-pressed={node.id === selectedId}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onNodeClick(node);
                }
              }}
              onFocus={() => onNodeEnter(node.id)}
              onBlur={onNodeLeave}
              onMouseEnter={() => onNodeEnter(node.id)}
              onMouseLeave={onNodeLeave}
              onClick={(e) => {
                e.stopPropagation();
                onNodeClick(node);
              }}
            >
              <circle r={r} fill={theme.colors.background.secondary} stroke={theme.colors.success.main} strokeWidth={3} />
              {share > 0 && (
                <circle
                  r={r}
                  fill="none"
                  stroke={theme.colors.error.main}
                  strokeWidth={3}
                  strokeDasharray={`${Math.max(1, share * circumference)} ${circumference}`}
                  transform="rotate(-90)"
                />
              )}
              {node.id === selectedId && <circle r={r + 4} fill="none" stroke={theme.colors.text.primary} strokeWidth={2} />}
              <text textAnchor="middle" dy="0.35em" fontSize={9} fontWeight={600} fill={kindColor(theme, node.kind)}>
                {glyph(node)}
              </text>
              {showLabel(node) && (
                <text textAnchor="middle" y={r + 12} fontSize={11} fill={theme.colors.text.primary}>
                  {shorten(node.id)}
                </text>
              )}
            </g>
          );
        })}
      </g>
    </g>
  );
});

/** Services, client IPs and users with calls between them; click a node to filter the other views. */
export function ServiceGraph({ model, width, height, direction, labels, selected, onSelect }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const svgHeight = Math.max(40, height - LEGEND_HEIGHT);
  // Laid out once per graph, direction and panel size; hover, selection and zoom reuse it.
  const layout = useMemo(() => layoutForBox(model, direction, width, svgHeight), [model, direction, width, svgHeight]);
  const full = useMemo(() => fitViewBox(layout), [layout]);
  const [view, setView] = useState<ViewBox>(full);
  const [hover, setHover] = useState<string | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const drag = useRef<{ x: number; y: number; view: ViewBox } | null>(null);

  useEffect(() => setView(full), [full]);

  // A non-passive wheel listener, so zooming the graph does not also scroll the dashboard.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) {
      return undefined;
    }
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = svg.getBoundingClientRect();
      setView((v) => zoomAt(v, Math.exp(event.deltaY * 0.0015), event.clientX - rect.left, event.clientY - rect.top, width, svgHeight, full));
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [width, svgHeight, full]);

  const showLabel = useMemo(() => {
    const clientLabels = labels === 'always' || (labels === 'auto' && model.nodes.length <= AUTO_CLIENT_LABEL_LIMIT);
    return (node: GraphNode) => labels !== 'never' && (node.kind === 'service' || node.kind === 'other' || clientLabels);
  }, [labels, model.nodes.length]);
  const onNodeEnter = useMemo(() => (id: string) => setHover(id), []);
  const onNodeLeave = useMemo(() => () => setHover(null), []);
  const onNodeClick = useMemo(
    () => (node: GraphNode) => onSelect(selected?.id === node.id ? null : { id: node.id, kind: node.kind }),
    [onSelect, selected],
  );

  const transform = viewTransform(view, width, svgHeight);
  const hoverNode = hover ? model.nodes.find((n) => n.id === hover) : undefined;
  const hoverPoint = hover ? layout.positions.get(hover) : undefined;
  const zoomed = view !== full;
  return (
    <div className={styles.container} data-testid="service-graph">
      <svg
        ref={svgRef}
        width={width}
        height={svgHeight}
        viewBox={`${view.x} ${view.y} ${view.w} ${view.h}`}
        preserveAspectRatio="xMidYMid meet"
        role="group"
        aria-label="Service graph"
        className={styles.svg}
        onPointerDown={(e) => {
          drag.current = { x: e.clientX, y: e.clientY, view };
        }}
        onPointerMove={(e) => {
          const start = drag.current;
          if (start && e.buttons === 1) {
            setView({ ...start.view, x: start.view.x - (e.clientX - start.x) / transform.scale, y: start.view.y - (e.clientY - start.y) / transform.scale });
          }
        }}
        onPointerUp={() => {
          drag.current = null;
        }}
        onDoubleClick={() => setView(full)}
      >
        <GraphBody
          model={model}
          layout={layout}
          selectedId={selected?.id ?? null}
          showLabel={showLabel}
          onNodeEnter={onNodeEnter}
          onNodeLeave={onNodeLeave}
          onNodeClick={onNodeClick}
        />
        {hoverPoint && (
          <circle cx={hoverPoint.x} cy={hoverPoint.y} r={layout.nodeRadius + 3} fill="none" stroke={theme.colors.primary.border} strokeWidth={2} pointerEvents="none" />
        )}
      </svg>
      <div className={styles.legend}>
        <span><span className={styles.dot} style={{ color: kindColor(theme, 'service') }}>●</span> service</span>
        <span><span className={styles.dot} style={{ color: kindColor(theme, 'ip') }}>●</span> client IP</span>
        <span><span className={styles.dot} style={{ color: kindColor(theme, 'user') }}>●</span> user</span>
        <span><span className={styles.dot} style={{ color: theme.colors.success.main }}>◯</span> normal / <span style={{ color: theme.colors.error.main }}>anomalous</span> share</span>
        <span className={styles.hint}>{zoomed ? 'double-click to reset zoom' : 'scroll to zoom, drag to pan'}</span>
      </div>
      {hoverNode && hoverPoint && (
        <Tooltip x={transform.dx + hoverPoint.x * transform.scale} y={transform.dy + hoverPoint.y * transform.scale} containerWidth={width} testId="graph-tooltip">
          <div>
            <strong>{hoverNode.id}</strong> <span className={styles.hint}>{hoverNode.kind === 'ip' ? 'client IP' : hoverNode.kind}</span>
          </div>
          <div>
            {shortCount(hoverNode.total)} calls, {shortCount(hoverNode.anomalous)} anomalous ({hoverNode.total > 0 ? ((hoverNode.anomalous / hoverNode.total) * 100).toFixed(1) : '0.0'}%)
          </div>
          <div className={styles.hint}>{selected?.id === hoverNode.id ? 'Click to clear the filter' : 'Click to filter the other views to this node'}</div>
        </Tooltip>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ position: 'relative', width: '100%', height: '100%' }),
  svg: css({ display: 'block', touchAction: 'none', userSelect: 'none' }),
  legend: css({
    display: 'flex',
    gap: theme.spacing(1.5),
    height: LEGEND_HEIGHT,
    alignItems: 'center',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
  }),
  dot: css({ marginRight: 2 }),
  hint: css({ color: theme.colors.text.secondary }),
});
