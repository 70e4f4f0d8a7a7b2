import type { Config } from '../config/config';
import { createLogger } from '../log/logger';
import { buildPipeline } from '../app/build-pipeline';
import { startRuntime } from '../app/runtime';
import { openStore } from '../store/open';
import { busyMessage, claimDataDir } from './embedded';

/** `scholarsource serve`: API and in-process worker (and later the web app) on one port. */
export async function serveCommand(config: Config): Promise<number> {
  const log = createLogger(config.LOG_LEVEL, { role: 'serve' });
  const own = claimDataDir(config, config.PORT);
  if (own.kind === 'server') {
    console.error(busyMessage(config, own.holder));
    return 1;
  }
  const store = await openStore(config);
  const { pipeline } = buildPipeline(config, store);
  const runtime = await startRuntime(config, log, { pipeline, store });
  const address = await runtime.app.listen({ port: config.PORT, host: config.HOST }).catch(async (e: NodeJS.ErrnoException) => {
    await runtime.close(1000);
    await store.close();
    if (own.kind === 'owned') own.release();
    if (e.code === 'EADDRINUSE') throw new Error(`Port ${config.PORT} is already in use on ${config.HOST}. Stop the program using it, or set PORT to another port.`);
    throw e;
  });
  log.info({ address, mode: config.mode, dataDir: config.mode === 'embedded' ? config.dataDir : undefined }, 'ScholarSource is serving');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down: finishing running jobs');
      runtime
        .close(30_000)
        .then(() => store.close())
        .then(
          () => resolve(0),
          (err: unknown) => {
            log.error({ err }, 'shutdown failed');
            resolve(1);
          },
        )
        .finally(() => (own.kind === 'owned' ? own.release() : undefined));
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
