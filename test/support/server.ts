import { loadConfig, type Config } from '../../src/config/config';
import { createLogger } from '../../src/log/logger';
import { startRuntime, type Runtime } from '../../src/app/runtime';
import type { DiscoveryPipeline } from '../../src/pipeline/pipeline';
import type { Store } from '../../src/store/open';
import { buildPipeline } from '../../src/app/build-pipeline';

/** The real offline pipeline, built from the test server's own config and store. */
export const offlinePipeline = (config: Config, store: Store): DiscoveryPipeline => buildPipeline(config, store).pipeline;
import { pgliteTestStore, type TestStore } from './stores';

export interface TestServer {
  runtime: Runtime;
  store: TestStore;
  url: string;
  config: Config;
  close(): Promise<void>;
}

/** The real runtime (API + in-process worker) on a private PGlite copy, listening on a free port. */
export async function startTestServer(
  pipelineOrFactory: DiscoveryPipeline | ((config: Config, store: Store) => DiscoveryPipeline),
  env: Record<string, string> = {},
  store?: TestStore,
): Promise<TestServer> {
  const t = store ?? (await pgliteTestStore());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    DATA_DIR: t.where,
    RATE_LIMIT_SUBMIT_PER_HOUR: '0',
    RATE_LIMIT_SUBMIT_PER_MINUTE: '0',
    RATE_LIMIT_STATUS_PER_MINUTE: '0',
    RATE_LIMIT_CANCEL_PER_HOUR: '0',
    RATE_LIMIT_UPLOADS_PER_HOUR: '0',
    ...env,
  });
  const pipeline = typeof pipelineOrFactory === 'function' ? pipelineOrFactory(config, t.store) : pipelineOrFactory;
  const runtime = await startRuntime(config, createLogger('silent'), { pipeline, store: t.store });
  const address = await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    runtime,
    store: t,
    url: address,
    config,
    async close() {
      await runtime.close(2000);
      if (!store) await t.cleanup();
    },
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json().catch(() => null), headers: res.headers };
}

export async function getJson(url: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json().catch(() => null), headers: res.headers };
}

/** Polls status until the job reaches one of `statuses`. */
export async function waitForStatus(base: string, id: string, statuses: string[], timeoutMs = 20_000): Promise<any> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await getJson(`${base}/api/status/${id}`);
    if (statuses.includes(r.body?.status)) return r.body;
    if (Date.now() > end) throw new Error(`job ${id} stayed ${r.body?.status}, wanted ${statuses.join('|')}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

/** Reads a whole SSE stream (until the server closes it) into events. */
export async function readSse(url: string, headers: Record<string, string> = {}): Promise<{ id: number; event: string; data: any }[]> {
  const res = await fetch(url, { headers });
  if (!res.ok || !res.body) throw new Error(`SSE answered ${res.status}`);
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((b) => b.includes('data:'))
    .map((b) => {
      const line = (k: string) => b.split('\n').find((l) => l.startsWith(`${k}: `))?.slice(k.length + 2) ?? '';
      return { id: Number(line('id')), event: line('event'), data: JSON.parse(line('data')) };
    });
}
