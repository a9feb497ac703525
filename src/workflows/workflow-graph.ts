import { dependenciesOf, type WorkflowStep } from './workflow-schema.js';

/** The dependency graph of a validated workflow. */
export interface WorkflowGraph {
  /** Every step once, each after all its dependencies; ties keep file order. */
  order: string[];
  /** step key → the keys it depends on. */
  dependencies: Map<string, string[]>;
  /** step key → the keys that depend on it, in file order. */
  dependents: Map<string, string[]>;
  /** Steps grouped by their longest distance from a step without dependencies. For display only: the
   *  scheduler starts a step as soon as its own dependencies finish, not when a level does. */
  levels: string[][];
}

type GraphStep = Pick<WorkflowStep, 'key' | 'dependsOn'>;

/**
 * Builds the graph with Kahn's algorithm over integer indices (linear in steps + edges). Assumes the
 * steps were validated: unique keys, known dependencies, no cycle; it throws if that is not so,
 * because scheduling an invalid graph would be a bug, not bad input.
 */
export function buildGraph(steps: readonly GraphStep[]): WorkflowGraph {
  const count = steps.length;
  const indexOf = new Map<string, number>();
  for (let i = 0; i < count; i++) indexOf.set(steps[i]!.key, i);
  const dependencies = new Map<string, string[]>();
  const dependentIndices: number[][] = Array.from({ length: count }, () => []);
  const remaining = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const step = steps[i]!;
    const deps = dependenciesOf(step as WorkflowStep);
    dependencies.set(step.key, deps);
    remaining[i] = deps.length;
    for (const dep of deps) {
      const depIndex = indexOf.get(dep);
      if (depIndex === undefined)
        throw new Error(`buildGraph: step '${step.key}' depends on unknown '${dep}'`);
      dependentIndices[depIndex]!.push(i);
    }
  }
  const level = new Int32Array(count);
  const queue = new Int32Array(count);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < count; i++) if (remaining[i] === 0) queue[tail++] = i;
  let levelCount = 0;
  while (head < tail) {
    const current = queue[head++]!;
    if (level[current]! + 1 > levelCount) levelCount = level[current]! + 1;
    for (const next of dependentIndices[current]!) {
      if (level[current]! + 1 > level[next]!) level[next] = level[current]! + 1;
      if (--remaining[next]! === 0) queue[tail++] = next;
    }
  }
  if (tail !== count) {
    const cycle = findCycle(steps);
    throw new Error(`buildGraph: the steps form a cycle: ${(cycle ?? []).join(' → ')}`);
  }
  const order: string[] = new Array(count);
  const levels: string[][] = Array.from({ length: levelCount }, () => []);
  // Queue order is a valid topological order; levels list steps in file order for stable display.
  for (let i = 0; i < count; i++) order[i] = steps[queue[i]!]!.key;
  for (let i = 0; i < count; i++) levels[level[i]!]!.push(steps[i]!.key);
  const dependents = new Map<string, string[]>();
  for (let i = 0; i < count; i++) {
    const list = dependentIndices[i]!;
    dependents.set(
      steps[i]!.key,
      list.map((index) => steps[index]!.key),
    );
  }
  return { order, dependencies, dependents, levels };
}

/**
 * A dependency cycle as a path that returns to its start, e.g. `['a', 'b', 'c', 'a']`, where each
 * step depends on the one before it (a runs before b, b before c, c before a). Starts at the cycle's
 * step that comes first in the file. Unknown dependencies are ignored. Undefined when there is none.
 */
export function findCycle(steps: readonly GraphStep[]): string[] | undefined {
  const count = steps.length;
  const indexOf = new Map<string, number>();
  for (let i = 0; i < count; i++) if (!indexOf.has(steps[i]!.key)) indexOf.set(steps[i]!.key, i);
  const edges: number[][] = steps.map((step) =>
    dependenciesOf(step as WorkflowStep)
      .map((dep) => indexOf.get(dep))
      .filter((index): index is number => index !== undefined),
  );
  // 0 unvisited, 1 on the current path, 2 finished.
  const state = new Uint8Array(count);
  const path: number[] = [];
  const cursor: number[] = [];
  for (let start = 0; start < count; start++) {
    if (state[start] !== 0) continue;
    path.push(start);
    cursor.push(0);
    state[start] = 1;
    while (path.length > 0) {
      const top = path.length - 1;
      const node = path[top]!;
      const next = edges[node]![cursor[top]!];
      if (next === undefined) {
        state[node] = 2;
        path.pop();
        cursor.pop();
        continue;
      }
      cursor[top]!++;
      if (state[next] === 1) return cyclePath(path.slice(path.indexOf(next)), steps);
      if (state[next] === 0) {
        state[next] = 1;
        path.push(next);
        cursor.push(0);
      }
    }
  }
  return undefined;
}

/** `onPath` follows dependency edges (each depends on the next); the result reads in run order. */
function cyclePath(onPath: number[], steps: readonly GraphStep[]): string[] {
  const runOrder = onPath.reverse();
  let first = 0;
  for (let i = 1; i < runOrder.length; i++) if (runOrder[i]! < runOrder[first]!) first = i;
  const rotated = [...runOrder.slice(first), ...runOrder.slice(0, first)];
  return [...rotated, rotated[0]!].map((index) => steps[index]!.key);
}
