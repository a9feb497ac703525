/** A weighted, directed edge between node indexes. */
export interface RankEdge {
  from: number;
  to: number;
  weight: number;
}

export interface PageRankOptions {
  /** Where a random surfer restarts, per node (normalised here); uniform when absent or all zero. */
  personalization?: readonly number[];
  damping?: number;
  iterations?: number;
  /** Stop when the ranks move less than this in total (L1). */
  tolerance?: number;
}

/**
 * Personalised PageRank by power iteration over weighted edges. Rank leaving a node is split over its
 * out-edges by weight; a node without out-edges hands its rank back through the personalisation, as
 * networkx does, so the ranks always sum to 1.
 */
export function pageRank(
  nodeCount: number,
  edges: readonly RankEdge[],
  options: PageRankOptions = {},
): number[] {
  if (nodeCount === 0) return [];
  const damping = options.damping ?? 0.85;
  const iterations = options.iterations ?? 100;
  const tolerance = options.tolerance ?? 1e-9 * nodeCount;
  const restart = Float64Array.from(normalised(options.personalization, nodeCount));
  // Typed arrays: the graph of a large tree has hundreds of thousands of edges and this loop runs often.
  const from = Int32Array.from(edges, (edge) => edge.from);
  const to = Int32Array.from(edges, (edge) => edge.to);
  const share = new Float64Array(edges.length);
  const outWeight = new Float64Array(nodeCount);
  for (let edge = 0; edge < edges.length; edge++) outWeight[from[edge] as number]! += edges[edge]!.weight;
  for (let edge = 0; edge < edges.length; edge++)
    share[edge] = edges[edge]!.weight / (outWeight[from[edge] as number] as number);
  let rank = Float64Array.from(restart);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const next = new Float64Array(nodeCount);
    let dangling = 0;
    for (let node = 0; node < nodeCount; node++) if (outWeight[node] === 0) dangling += rank[node] as number;
    for (let edge = 0; edge < edges.length; edge++) {
      next[to[edge] as number]! += damping * (rank[from[edge] as number] as number) * (share[edge] as number);
    }
    let change = 0;
    const teleport = damping * dangling + (1 - damping);
    for (let node = 0; node < nodeCount; node++) {
      const value = (next[node] as number) + teleport * (restart[node] as number);
      change += Math.abs(value - (rank[node] as number));
      next[node] = value;
    }
    rank = next;
    if (change < tolerance) break;
  }
  return [...rank];
}

function normalised(weights: readonly number[] | undefined, count: number): number[] {
  const total = weights?.reduce((sum, value) => sum + Math.max(0, value), 0) ?? 0;
  if (!weights || total <= 0) return new Array<number>(count).fill(1 / count);
  return Array.from({ length: count }, (_, index) => Math.max(0, weights[index] ?? 0) / total);
}
