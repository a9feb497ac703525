import { TaskRouter } from '../agents/index.js';
import { ApiError } from './api-error.js';
import type { ApiRoutes } from './api-route.js';
import { RouteBody, SearchQuery } from './api-schemas.js';
import { listWorkflowNames, type ServerServices } from './server-services.js';

const base = '/api/v1';

/** Workflows to run, agents and the task router, providers' health and cost, memory and code search. */
export function addCatalogRoutes(routes: ApiRoutes, services: ServerServices): void {
  const taskRouter = new TaskRouter(services.registry.list());
  routes.add(
    {
      method: 'get',
      path: `${base}/workflows`,
      summary: 'Workflows that can be run by name (the project workflows/ folder, then bundled samples)',
      tag: 'workflows',
    },
    (c) =>
      c.json({
        workflows: listWorkflowNames(services.workflowDirectories).map(({ name }) => ({ name })),
      }),
  );

  routes.add(
    { method: 'get', path: `${base}/agents`, summary: 'The agents and their profiles', tag: 'agents' },
    (c) =>
      c.json({
        agents: services.registry.list().map((agent) => ({
          name: agent.name,
          displayName: agent.displayName,
          role: agent.role,
          team: agent.team,
          description: agent.description,
          aliases: agent.aliases,
          tools: agent.tools,
          capabilities: agent.capabilities.map((capability) => capability.name),
        })),
      }),
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/agents/:name`,
      summary: "One agent's full profile",
      tag: 'agents',
      errors: [404],
    },
    (c, { params }) => {
      const agent = services.registry.find(params.name!);
      if (!agent)
        throw new ApiError(404, 'agent-unknown', `no agent '${params.name}' (see GET ${base}/agents)`);
      const loaded = services.registry.sourceOf(params.name!);
      return c.json({ agent, origin: loaded.origin });
    },
  );

  routes.add(
    {
      method: 'post',
      path: `${base}/agents/route`,
      summary: 'Which agent the task router gives a task to, and why',
      tag: 'agents',
      body: RouteBody,
      errors: [400],
    },
    (c, { body }) => {
      return c.json(taskRouter.route(body.task, { limit: body.limit ?? 5 }));
    },
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/providers`,
      summary: 'Providers: usable or why not, breaker state, latency, error rate, requests, tokens and cost',
      tag: 'providers',
    },
    (c) => {
      const router = services.providers?.router;
      const usage = router?.usage();
      return c.json({
        simulatedOnly: services.providers?.simulatedOnly ?? false,
        providers: (router?.status() ?? []).map((status) => ({
          ...status,
          usage: usage?.byProvider[status.name] ?? null,
        })),
        total: usage?.total ?? null,
      });
    },
  );

  routes.add(
    {
      method: 'post',
      path: `${base}/providers/health-check`,
      summary: "Sends each provider's cheap health request now",
      tag: 'providers',
    },
    async (c) => c.json({ results: (await services.providers?.router.healthCheck()) ?? [] }),
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/memory/search`,
      summary: 'Full-text search of agent memory',
      tag: 'search',
      query: SearchQuery,
      errors: [400],
    },
    (c, { query }) => c.json({ hits: services.memory.search(query.q, { limit: query.limit }) }),
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/code/search`,
      summary: 'Full-text search of the code index (build it with ax code index)',
      tag: 'search',
      query: SearchQuery,
      errors: [400],
    },
    (c, { query }) =>
      c.json({
        indexed: services.codeIndex.stats(),
        hits: services.codeIndex.search(query.q, { limit: query.limit }),
      }),
  );
}
