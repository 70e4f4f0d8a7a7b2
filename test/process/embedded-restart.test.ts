import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixtures';
import { freePort, runCli, waitForHealth, type Spawned } from '../support/process';
import { getJson, postJson, waitForStatus } from '../support/server';
import { readFileSync } from 'node:fs';

describe('embedded mode as a real process', () => {
  let dataDir: string;
  let site: Server;
  let siteUrl = '';
  let holding = true;
  const held: (() => void)[] = [];
  const running: Spawned[] = [];

  beforeAll(async () => {
    dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'ss-embedded-')), 'data');
    const page = readFileSync(path.join(FIXTURES, 'courses/mit-18-05-spring-2022/course-page.html'));
    // A course site that holds every request while `holding` is true, like a very slow server.
    site = createServer((_req, res) => {
      const answer = (): void => void res.writeHead(200, { 'content-type': 'text/html' }).end(page);
      if (holding) held.push(answer);
      else answer();
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    const a = site.address();
    siteUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });
  afterAll(async () => {
    for (const p of running) p.child.kill('SIGKILL');
    site.closeAllConnections();
    await new Promise<void>((r) => site.close(() => r()));
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  const serve = async (port: number): Promise<Spawned> => {
    const p = runCli(['serve'], {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      FETCH_ALLOW_LOOPBACK: 'true',
      WORKER_CONCURRENCY: '1',
      FETCH_TIMEOUT_MS: '60000',
      RATE_LIMIT_SUBMIT_PER_MINUTE: '0',
      RATE_LIMIT_SUBMIT_PER_HOUR: '0',
      RATE_LIMIT_STATUS_PER_MINUTE: '0',
    });
    running.push(p);
    await waitForHealth(`http://127.0.0.1:${port}`);
    return p;
  };

  it('after kill -9 with jobs queued and running, a restart runs every job to a terminal state', async () => {
    const port = await freePort();
    const first = await serve(port);
    const base = `http://127.0.0.1:${port}`;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await postJson(`${base}/api/submit`, { course_url: `${siteUrl}/course-${i}.html` });
      expect(r.status).toBe(200);
      ids.push(r.body.job_id);
    }
    await waitForStatus(base, ids[0]!, ['running']);
    expect((await getJson(`${base}/api/status/${ids[3]}`)).body.status).toBe('queued');

    // A second server on the same data directory refuses and says why.
    const second = runCli(['serve'], { PORT: String(await freePort()), DATA_DIR: dataDir });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/in use by another ScholarSource process/);

    first.child.kill('SIGKILL');
    await first.exited;
    holding = false;
    for (const answer of held.splice(0)) answer();

    const port2 = await freePort();
    await serve(port2);
    const base2 = `http://127.0.0.1:${port2}`;
    for (const id of ids) {
      const st = await waitForStatus(base2, id, ['completed', 'failed', 'cancelled'], 60_000);
      expect(st.status).toBe('completed');
      expect(st.results.length).toBeGreaterThanOrEqual(5);
    }
    const firstJob = (await getJson(`${base2}/api/status/${ids[0]}`)).body;
    expect(firstJob.metadata.attempt).toBe(2);
  }, 180_000);

  it('discover works through the running server instead of opening its data directory', async () => {
    const cli = runCli(['discover', '--topics', 'bayes theorem, hypothesis testing', '--json'], { DATA_DIR: dataDir });
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/Using the ScholarSource server/);
    const json = JSON.parse(cli.output().slice(cli.output().indexOf('{')));
    expect(json.status).toBe('completed');
    expect(json.results.length).toBeGreaterThanOrEqual(5);
  }, 120_000);
});
