import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort, runCli, waitForHealth } from '../test/support/process';

const rssMb = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

async function post(base: string, body: unknown): Promise<any> {
  const r = await fetch(`${base}/api/submit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return r.json();
}

async function until(base: string, id: string): Promise<any> {
  for (;;) {
    const s: any = await (await fetch(`${base}/api/status/${id}`)).json();
    if (['completed', 'failed', 'cancelled'].includes(s.status)) return s;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Embedded mode as a user runs it: `scholarsource serve` in its own process, measured from outside. */
export async function benchEmbeddedHttp(durationSeconds: number): Promise<Record<string, unknown>> {
  const root = mkdtempSync(path.join(tmpdir(), 'ss-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = runCli(['serve'], {
    PORT: String(port), HOST: '127.0.0.1', DATA_DIR: path.join(root, 'data'), NODE_ENV: 'production', LOG_LEVEL: 'warn',
    RATE_LIMIT_SUBMIT_PER_MINUTE: '0', RATE_LIMIT_SUBMIT_PER_HOUR: '0', RATE_LIMIT_STATUS_PER_MINUTE: '0',
  });
  try {
    await waitForHealth(base, 120_000);
    const pid = server.child.pid ?? 0;
    const body = { book_title: 'Calculus Volume 1', book_author: 'Gilbert Strang' };
    const first = await post(base, body);
    const done = await until(base, first.job_id);
    if (done.status !== 'completed') throw new Error(`bench job ended ${done.status}`);
    await new Promise((r) => setTimeout(r, 1000));
    const idleRss = rssMb(pid);

    // Cache hits: the same search again completes at submit.
    const hits: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      const sub = await post(base, body);
      if (sub.status !== 'completed') await until(base, sub.job_id);
      hits.push(performance.now() - t0);
    }

    const status: Record<string, unknown> = {};
    for (const connections of [10, 50]) {
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 250);
      const r = await autocannon({ url: `${base}/api/status/${first.job_id}`, connections, duration: durationSeconds });
      clearInterval(sampler);
      status[`c${connections}`] = { rps: Math.round(r.requests.average), p50_ms: r.latency.p50, p99_ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors, peak_rss_mb: peak };
    }
    return {
      idle_rss_mb: idleRss,
      cache_hit_submit_to_completed_ms: { p50: +quantile(hits, 0.5).toFixed(2), p99: +quantile(hits, 0.99).toFixed(2) },
      status,
    };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(root, { recursive: true, force: true });
  }
}
