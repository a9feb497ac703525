import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/index.js';
import { eventually, serverClient } from './server-client.js';

const chromiumPath = process.env.AX_CHROMIUM || '/usr/bin/chromium';
const screenshots = fileURLToPath(new URL('../../test-output/dashboard/', import.meta.url));
const describeWithBrowser = existsSync(chromiumPath)
  ? describe
  : (name: string, body: () => void) =>
      describe.skip(
        `${name} (skipped: no chromium at ${chromiumPath}; apt-get install chromium or set AX_CHROMIUM)`,
        body,
      );

describeWithBrowser('dashboard in a real browser', () => {
  let dir: string;
  let server: RunningServer;
  let api: ReturnType<typeof serverClient>;
  let browser: Browser;
  let page: Page;

  const shot = async (name: string) => {
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'ax-dashboard-'));
    mkdirSync(join(dir, 'workflows'));
    writeFileSync(
      join(dir, 'workflows', 'release.yaml'),
      'name: release\nsteps:\n  - key: test\n    run: echo tested\n  - key: build\n    run: echo built\n  - key: gate\n    dependsOn: [test, build]\n    approval: Ship the build?\n  - key: deploy\n    dependsOn: gate\n    run: echo deployed\n  - key: announce\n    dependsOn: deploy\n    run: echo announced\n',
    );
    writeFileSync(
      join(dir, 'workflows', 'flaky.yaml'),
      `name: flaky\nsteps:\n  - key: prepare\n    run: echo ready\n  - key: fragile\n    dependsOn: prepare\n    run: test -f ${join(dir, 'fixed')}\n  - key: after\n    dependsOn: fragile\n    run: echo after\n`,
    );
    writeFileSync(
      join(dir, 'workflows', 'ask.yaml'),
      'name: ask\nsteps:\n  - key: first\n    prompt: Say hello\n  - key: second\n    dependsOn: first\n    prompt: Say goodbye\n',
    );
    server = await startServer({
      port: 0,
      projectDirectory: dir,
      databasePath: join(dir, 'ax.db'),
      token: 'dashboard-test-token-0123456789',
      providers: {
        simulator: 'always',
        simulatorOptions: { latencyMs: 0, firstTokenMs: 0, tokensPerSecond: 0 },
      },
      enginePollIntervalMs: 20,
      pollIntervalMs: 50,
      env: {},
    });
    api = serverClient(server);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('logs in with the token', async () => {
    await page.goto(server.url);
    await page.locator('#token').fill('wrong-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    await shot('login-refused');
    await page.locator('#token').fill(server.token.token);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Executions' }).waitFor();
  });

  it('shows a run submitted through the API without a reload, and its steps changing live', async () => {
    const { json } = await api.call('POST', '/api/v1/executions', { workflow: 'release' });
    const id = json.executionId as string;
    await page.locator(`tr[data-execution="${id}"]`).waitFor();
    await page.locator(`tr[data-execution="${id}"] .state`, { hasText: 'executing' }).waitFor();
    await shot('executions-list');
    await page.locator(`tr[data-execution="${id}"] a`).click();
    await page.locator('[data-step="gate"][data-status="running"]').waitFor();
    await page.locator('[data-step="deploy"][data-status="pending"]').waitFor();
    await shot('execution-waiting-for-approval');
    // Clicking Approve completes the waiting run; the page follows the steps as they change.
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.locator('[data-step="deploy"][data-status="succeeded"]').waitFor();
    await page.locator('[data-testid="run-state"]', { hasText: 'completed' }).waitFor();
    await page.locator('[data-step="announce"]').click();
    await page.locator('.step-detail pre.output', { hasText: 'announced' }).waitFor();
    await shot('execution-completed');
    expect((await api.call('GET', `/api/v1/executions/${id}`)).json.execution.state).toBe('completed');
  });

  it('resumes a failed run from its failed step', async () => {
    const { json } = await api.call('POST', '/api/v1/executions', { workflow: 'flaky' });
    const id = json.executionId as string;
    await eventually(async () =>
      (await api.call('GET', `/api/v1/executions/${id}`)).json.execution.state === 'failed'
        ? true
        : undefined,
    );
    await page.goto(`${server.url}/#/dead-letters`);
    await page.locator(`tr[data-execution="${id}"]`).waitFor();
    await shot('dead-letters');
    await page.locator(`tr[data-execution="${id}"] a`).click();
    await page.locator('[data-step="fragile"][data-status="failed"]').waitFor();
    await shot('execution-failed');
    writeFileSync(join(dir, 'fixed'), '');
    await page.getByRole('button', { name: 'Resume from fragile' }).click();
    await page.locator('[data-testid="run-state"]', { hasText: 'completed' }).waitFor();
    await page.locator('[data-step="after"][data-status="succeeded"]').waitFor();
    const detail = (await api.call('GET', `/api/v1/executions/${id}`)).json;
    expect(detail.steps.find((step: { key: string }) => step.key === 'prepare').attempt).toBe(1);
  });

  it('shows an open breaker on the providers page after injected faults', async () => {
    server.services.providers!.simulator!.setFaults([
      { provider: 'anthropic', fault: 'server-error', retryAfterMs: 1 },
    ]);
    const { json } = await api.call('POST', '/api/v1/executions', { workflow: 'ask' });
    await eventually(async () => {
      const state = (await api.call('GET', `/api/v1/executions/${json.executionId}`)).json.execution.state;
      return state === 'completed' || state === 'failed' ? state : undefined;
    }, 600);
    await page.goto(`${server.url}/#/providers`);
    await page.locator('[data-provider="simulator-claude"] [data-breaker="open"]').waitFor();
    await shot('providers-breaker-open');
  });

  it('routes a task on the agents page and shows why', async () => {
    await page.goto(`${server.url}/#/agents`);
    await page.locator('#task').fill('fix the SQL injection in the login form');
    await page.getByRole('button', { name: 'Route' }).click();
    await page.locator('.route-result', { hasText: 'security' }).waitFor();
    await shot('agents-route');
  });

  it('is usable in the dark theme and at phone width', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await phone.context().addCookies([
      {
        name: 'ax_session',
        value: server.token.token,
        url: server.url,
        httpOnly: true,
        sameSite: 'Strict',
      },
    ]);
    await phone.goto(server.url);
    await phone.getByRole('heading', { name: 'Executions' }).waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: join(screenshots, 'phone-dark-executions.png'), fullPage: true });
    await phone.locator('tbody tr a').first().click();
    await phone.locator('[data-testid="run-state"]').waitFor();
    await phone.screenshot({ path: join(screenshots, 'phone-dark-execution.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.url}/#/executions`);
    await page.locator('tbody tr a').first().click();
    await page.locator('[data-testid="run-state"]').waitFor();
    await page.locator('.node').first().waitFor();
    await shot('execution-dark');
    // Every button can be reached with the keyboard.
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.tagName);
    expect(['A', 'BUTTON']).toContain(focused);
    await phone.close();
  });
});
