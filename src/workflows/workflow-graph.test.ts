import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildGraph, findCycle } from './workflow-graph.js';

type Step = { key: string; dependsOn?: string[] };

describe('buildGraph', () => {
  const steps: Step[] = [
    { key: 'checkout' },
    { key: 'lint', dependsOn: ['checkout'] },
    { key: 'unit-test', dependsOn: ['checkout'] },
    { key: 'package', dependsOn: ['lint', 'unit-test'] },
    { key: 'docs' },
    { key: 'publish', dependsOn: ['package', 'docs'] },
  ];

  it('orders steps after their dependencies, keeping file order among ready steps', () => {
    const graph = buildGraph(steps);
    expect(graph.order).toEqual(['checkout', 'docs', 'lint', 'unit-test', 'package', 'publish']);
  });

  it('groups steps into levels by longest path, in file order', () => {
    expect(buildGraph(steps).levels).toEqual([
      ['checkout', 'docs'],
      ['lint', 'unit-test'],
      ['package'],
      ['publish'],
    ]);
  });

  it('maps dependencies and dependents both ways', () => {
    const graph = buildGraph(steps);
    expect(graph.dependencies.get('package')).toEqual(['lint', 'unit-test']);
    expect(graph.dependents.get('checkout')).toEqual(['lint', 'unit-test']);
    expect(graph.dependents.get('publish')).toEqual([]);
  });

  it('accepts dependsOn as a single key', () => {
    expect(buildGraph([{ key: 'b', dependsOn: 'a' }, { key: 'a' }]).order).toEqual(['a', 'b']);
  });

  it('throws on a graph that validation should have refused', () => {
    expect(() => buildGraph([{ key: 'a', dependsOn: ['b'] }])).toThrow(/unknown 'b'/);
    expect(() =>
      buildGraph([
        { key: 'a', dependsOn: ['b'] },
        { key: 'b', dependsOn: ['a'] },
      ]),
    ).toThrow(/cycle: a → b → a/);
  });
});

describe('findCycle', () => {
  it('returns the cycle in run order, starting at the first step of the file', () => {
    const steps: Step[] = [
      { key: 'start' },
      { key: 'c', dependsOn: ['b'] },
      { key: 'a', dependsOn: ['c', 'start'] },
      { key: 'b', dependsOn: ['a'] },
    ];
    expect(findCycle(steps)).toEqual(['c', 'a', 'b', 'c']);
  });

  it('finds a step that depends on itself', () => {
    expect(findCycle([{ key: 'a', dependsOn: ['a'] }])).toEqual(['a', 'a']);
  });

  it('is undefined for a DAG, ignoring unknown dependencies', () => {
    expect(
      findCycle([
        { key: 'a', dependsOn: ['ghost'] },
        { key: 'b', dependsOn: ['a'] },
      ]),
    ).toBeUndefined();
  });
});

/** A random DAG: each step may depend only on steps before it in a random permutation. */
const dagArbitrary = fc
  .integer({ min: 1, max: 60 })
  .chain((count) =>
    fc.tuple(
      fc.constant(count),
      fc.shuffledSubarray(
        Array.from({ length: count }, (_, index) => index),
        { minLength: count, maxLength: count },
      ),
      fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: count, maxLength: count }),
    ),
  )
  .map(([count, permutation, picks]) => {
    // permutation[i] is step i's rank; a step depends on lower-ranked steps only, so there is no cycle.
    const byRank = [...permutation.keys()].sort((a, b) => permutation[a]! - permutation[b]!);
    return Array.from({ length: count }, (_, index): Step => {
      const rank = permutation[index]!;
      const deps = rank === 0 ? [] : [...new Set(picks[index]!.map((pick) => `s${byRank[pick % rank]!}`))];
      return { key: `s${index}`, dependsOn: deps };
    });
  });

describe('graph properties (fast-check)', () => {
  it('order holds every step exactly once, each after all its dependencies', () => {
    fc.assert(
      fc.property(dagArbitrary, (steps) => {
        const { order } = buildGraph(steps);
        expect([...order].sort()).toEqual(steps.map((step) => step.key).sort());
        const position = new Map(order.map((key, index) => [key, index]));
        for (const step of steps) {
          for (const dep of step.dependsOn ?? [])
            expect(position.get(dep)!).toBeLessThan(position.get(step.key)!);
        }
        expect(findCycle(steps)).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('levels are consistent: every step once, a step one level past its deepest dependency', () => {
    fc.assert(
      fc.property(dagArbitrary, (steps) => {
        const { levels } = buildGraph(steps);
        const levelOf = new Map(levels.flatMap((keys, level) => keys.map((key) => [key, level] as const)));
        expect(levelOf.size).toBe(steps.length);
        expect(levels.flat().length).toBe(steps.length);
        for (const step of steps) {
          const deps = step.dependsOn ?? [];
          const expected = deps.length === 0 ? 0 : Math.max(...deps.map((dep) => levelOf.get(dep)!)) + 1;
          expect(levelOf.get(step.key)).toBe(expected);
        }
        for (const level of levels) expect(level.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('a back edge makes findCycle return a real cycle, and buildGraph refuse the graph', () => {
    fc.assert(
      fc.property(dagArbitrary, fc.nat(), (steps, pick) => {
        // Take a step with a dependency and make one of its ancestors depend on it: a back edge.
        const withDeps = steps.filter((step) => (step.dependsOn ?? []).length > 0);
        fc.pre(withDeps.length > 0);
        const target = withDeps[pick % withDeps.length]!;
        const ancestor = target.dependsOn![pick % target.dependsOn!.length]!;
        const mutated = steps.map((step) =>
          step.key === ancestor ? { ...step, dependsOn: [...(step.dependsOn ?? []), target.key] } : step,
        );
        const cycle = findCycle(mutated)!;
        expect(cycle).toBeDefined();
        expect(cycle[0]).toBe(cycle[cycle.length - 1]);
        expect(new Set(cycle.slice(0, -1)).size).toBe(cycle.length - 1);
        const byKey = new Map(mutated.map((step) => [step.key, step]));
        // Each arrow a → b in the path means b depends on a.
        for (let i = 0; i + 1 < cycle.length; i++) {
          expect(byKey.get(cycle[i + 1]!)!.dependsOn).toContain(cycle[i]);
        }
        expect(() => buildGraph(mutated)).toThrow(/cycle/);
      }),
      { numRuns: 200 },
    );
  });
});
