// Loads one engine adapter by name, so a workload child process imports only the engine it measures.
export const engineNames = ['ax', 'langgraph', 'mastra'];

export async function openEngine(name, options) {
  if (name === 'ax') return (await import('./ax.mjs')).open(options);
  if (name === 'langgraph') return (await import('./langgraph.mjs')).open(options);
  if (name === 'langgraph-sync')
    return (await import('./langgraph.mjs')).open({ ...options, durability: 'sync' });
  if (name === 'sqlite-floor') return (await import('./sqlite-floor.mjs')).open(options);
  if (name === 'mastra') return (await import('./mastra.mjs')).open(options);
  throw new Error(`unknown engine '${name}': use one of ax, langgraph, langgraph-sync, mastra`);
}
