import htm from '/assets/vendor/htm.mjs';
import { h } from '/assets/vendor/preact.mjs';

const html = htm.bind(h);

/** The workflow's DAG as laid out by the server (dagre): boxes coloured by step state, keyboard-selectable. */
export function DagView({ graph, statusOf, selected, onSelect }) {
  if (!graph) return null;
  const path = (points) =>
    points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x},${point.y}`).join(' ');
  return html`<div class="dag" role="group" aria-label="Workflow graph">
    <svg viewBox=${`0 0 ${graph.width} ${graph.height}`} width=${graph.width} height=${graph.height}>
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
          <path d="M0,0 L10,5 L0,10 z" class="arrow" />
        </marker>
      </defs>
      ${graph.edges.map((edge) => html`<path class="edge" d=${path(edge.points)} marker-end="url(#arrow)" />`)}
      ${graph.nodes.map((node) => {
        const status = statusOf(node.key);
        return html`<g
          class=${`node status-${status}${selected === node.key ? ' selected' : ''}`}
          data-step=${node.key}
          data-status=${status}
          tabindex="0"
          role="button"
          aria-label=${`step ${node.key}: ${status}`}
          onClick=${() => onSelect(node.key)}
          onKeyDown=${(event) => (event.key === 'Enter' || event.key === ' ') && onSelect(node.key)}
        >
          <rect x=${node.x} y=${node.y} width=${node.width} height=${node.height} rx="8" />
          <text x=${node.x + 10} y=${node.y + 18} class="key">${node.key}</text>
          <text x=${node.x + 10} y=${node.y + 34} class="sub">${node.kind} · ${status}</text>
        </g>`;
      })}
    </svg>
  </div>`;
}
