import dagre, { type Edge, type Point } from '@dagrejs/dagre';
import { dependenciesOf, stepKindsOf, type WorkflowDefinition } from '../workflows/index.js';

export interface WorkflowLayout {
  width: number;
  height: number;
  nodes: { key: string; kind: string; x: number; y: number; width: number; height: number }[];
  edges: { from: string; to: string; points: { x: number; y: number }[] }[];
}

const nodeWidth = 168;
const nodeHeight = 44;

/**
 * The workflow's steps laid out as a left-to-right DAG with dagre, on the server so the browser only
 * draws boxes and lines. Coordinates are the boxes' top-left corners.
 */
export function layoutWorkflow(definition: WorkflowDefinition): WorkflowLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 56, marginx: 12, marginy: 12 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const step of definition.steps) graph.setNode(step.key, { width: nodeWidth, height: nodeHeight });
  for (const step of definition.steps) {
    for (const dependency of dependenciesOf(step)) graph.setEdge(dependency, step.key);
  }
  dagre.layout(graph);
  const label = graph.graph();
  return {
    width: Math.ceil(label.width ?? 0),
    height: Math.ceil(label.height ?? 0),
    nodes: definition.steps.map((step) => {
      const node = graph.node(step.key);
      return {
        key: step.key,
        kind: stepKindsOf(step)[0] ?? 'agent',
        x: Math.round(node.x - nodeWidth / 2),
        y: Math.round(node.y - nodeHeight / 2),
        width: nodeWidth,
        height: nodeHeight,
      };
    }),
    edges: graph.edges().map((edge: Edge) => ({
      from: edge.v,
      to: edge.w,
      points: ((graph.edge(edge).points ?? []) as Point[]).map((point) => ({
        x: Math.round(point.x),
        y: Math.round(point.y),
      })),
    })),
  };
}
