import { beforeAll, describe, expect, it } from 'vitest';
import { createMemory, type Memory } from '../../src/memory/index.js';
import { openDatabase } from '../../src/store/index.js';

/** What agents of a fictional team learned; each labelled query below has exactly one right answer. */
const entries = [
  {
    key: 'vpn',
    agent: 'devops',
    content:
      'The staging database is only reachable through the office VPN; connect before running migrations.',
  },
  {
    key: 'pnpm',
    agent: 'backend',
    content: 'This repository uses pnpm workspaces; npm install breaks the lockfile.',
  },
  {
    key: 'flaky',
    agent: 'quality',
    content:
      'The checkout end-to-end test is flaky on CI because the payment sandbox times out; retry it once.',
  },
  {
    key: 'tokens',
    agent: 'security',
    content: 'API tokens must never be logged; the logger redacts fields named token, secret and password.',
  },
  {
    key: 'tz',
    agent: 'backend',
    content: 'All timestamps are stored in UTC; convert to the user time zone only in the UI layer.',
  },
  {
    key: 'css',
    agent: 'frontend',
    content: 'Use CSS modules for component styles; global stylesheets are reserved for resets.',
  },
  {
    key: 'rate',
    agent: 'backend',
    content: 'The payments provider rate-limits at 100 requests per second per merchant.',
  },
  {
    key: 'release',
    agent: 'devops',
    content: 'Releases are cut on Tuesdays; a release branch freezes 24 hours earlier.',
  },
  {
    key: 'docs',
    agent: 'writer',
    content: 'Documentation follows the Google developer style guide: second person, present tense.',
  },
  {
    key: 'index',
    agent: 'backend',
    content:
      'Queries on orders by customer need the composite index (customer_id, created_at) or they scan the table.',
  },
  {
    key: 'cache',
    agent: 'backend',
    content: 'Invalidate the product cache after price updates, otherwise stale prices show for ten minutes.',
  },
  {
    key: 'a11y',
    agent: 'frontend',
    content: 'Every icon-only button needs an aria-label; the accessibility audit fails without it.',
  },
  {
    key: 'oom',
    agent: 'devops',
    content: 'The image resizing worker ran out of memory on 40 MB uploads; the limit is now 20 MB.',
  },
  {
    key: 'deps',
    agent: 'security',
    content: 'Dependabot alerts for transitive dependencies are triaged every Monday.',
  },
] as const;

const labelled: Array<[query: string, expected: (typeof entries)[number]['key']]> = [
  ['how do I connect to the staging database', 'vpn'],
  ['why does npm install break', 'pnpm'],
  ['checkout test keeps failing on CI', 'flaky'],
  ['can I log the API token', 'tokens'],
  ['which time zone are dates stored in', 'tz'],
  ['where should component styles go', 'css'],
  ['payments API rate limit', 'rate'],
  ['when is the release branch frozen', 'release'],
  ['documentation style guide', 'docs'],
  ['slow query listing orders for a customer', 'index'],
  ['prices are stale after an update', 'cache'],
  ['accessibility audit failing on buttons', 'a11y'],
  ['worker out of memory on large uploads', 'oom'],
  ['triage of dependency alerts', 'deps'],
];

let memory: Memory;
const ids = new Map<string, number>();

beforeAll(() => {
  let now = Date.UTC(2026, 5, 1);
  memory = createMemory({ db: openDatabase(':memory:'), now: () => (now += 60_000) });
  for (const entry of entries)
    ids.set(entry.key, memory.add({ content: entry.content, agent: entry.agent }).id);
});

describe('memory ranking', () => {
  it.each(labelled)('"%s" puts the %s entry first', (query, expected) => {
    const hits = memory.search(query, { limit: 3 });
    expect(hits[0]?.id, hits.map((hit) => hit.content).join(' | ')).toBe(ids.get(expected));
  });
});
