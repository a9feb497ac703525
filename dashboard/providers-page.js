import { useEffect, useState } from '/assets/vendor/hooks.mjs';
import htm from '/assets/vendor/htm.mjs';
import { h } from '/assets/vendor/preact.mjs';
import { api, formatCost, formatDuration } from './api.js';

const html = htm.bind(h);

/** Providers: usable or not and why, breaker state, latency, error rate, requests and cost; refreshed every 2 s. */
export function ProvidersPage() {
  const [answer, setAnswer] = useState(undefined);
  const [error, setError] = useState('');
  useEffect(() => {
    const load = () =>
      api('GET', '/api/v1/providers').then(setAnswer, (failure) => setError(failure.message));
    load();
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, []);
  if (!answer) return html`<p class="muted">${error || 'Loading providers…'}</p>`;
  return html`<section>
    <h1>Providers</h1>
    ${answer.simulatedOnly && html`<p class="notice">No provider keys are set: every answer is simulated by the built-in simulator.</p>`}
    <table class="list" aria-label="Providers">
      <thead><tr><th>Provider</th><th>Model</th><th>Breaker</th><th>Latency</th><th>Error rate</th><th>Requests</th><th class="wide">Tokens</th><th>Cost</th></tr></thead>
      <tbody>
        ${answer.providers.map(
          (provider) => html`<tr data-provider=${provider.name}>
            <td><strong>${provider.name}</strong>${provider.simulated ? html` <span class="tag">simulated</span>` : ''}
              ${provider.usable ? '' : html`<div class="muted">${provider.reason}</div>`}</td>
            <td>${provider.model}</td>
            <td>${provider.circuit ? html`<span class=${`breaker breaker-${provider.circuit}`} data-breaker=${provider.circuit}>${provider.circuit}</span>` : '—'}</td>
            <td>${provider.latencyMs === undefined || provider.latencyMs === null ? '—' : formatDuration(provider.latencyMs)}</td>
            <td>${`${Math.round((provider.errorRate ?? 0) * 100)} %`}</td>
            <td>${provider.requests} (${provider.failures} failed)</td>
            <td class="wide">${provider.usage ? provider.usage.inputTokens + provider.usage.outputTokens : 0}</td>
            <td>${formatCost(provider.usage?.costUsd)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${answer.total && html`<p class="muted">All providers: ${answer.total.requests} requests, ${answer.total.inputTokens + answer.total.outputTokens} tokens, ${formatCost(answer.total.costUsd)}</p>`}
  </section>`;
}
