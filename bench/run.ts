import { benchEmbeddedHttp } from './embedded-http';
import { benchPipeline } from './pipeline-latency';

/** `npm run bench`: prints JSON figures; docs/benchmarks.md records a run and the command. */
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const started = new Date().toISOString();
const pipeline = await benchPipeline(rounds);
console.log(JSON.stringify({ pipeline }, null, 2));
const http = await benchEmbeddedHttp(seconds);
console.log(JSON.stringify({ embedded_http: http }, null, 2));
if (process.env.BENCH_DISTRIBUTED === '1') {
  // Distributed mode needs PostgreSQL (TEST_DATABASE_URL) and starts its own redis-server; it takes a few minutes.
  const { runDistributedBench } = await import('./distributed-run');
  console.log(JSON.stringify({ distributed: await runDistributedBench() }, null, 2));
}
console.log(JSON.stringify({ started, finished: new Date().toISOString(), node: process.version }, null, 2));
