import { ConfigError, loadConfig } from '../config/config';
import { USAGE, UsageError } from './args';
import { catalogImportCommand } from './catalog-import';
import { deadLetterCommand } from './dead-letter';
import { discoverCommand } from './discover';
import { distributedCommand } from './distributed';
import { serveCommand } from './serve';

/** The `scholarsource` command line. Exit codes: 0 ok, 1 the job or server failed, 2 bad usage or input. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig(process.env);
  switch (command) {
    case 'serve':
      // With DATABASE_URL and REDIS_URL, one process runs the API and a worker on BullMQ.
      return config.mode === 'distributed' ? distributedCommand(config, { api: true, worker: true }) : serveCommand(config);
    case 'api':
      return distributedCommand(config, { api: true, worker: false });
    case 'worker':
      return distributedCommand(config, { api: false, worker: true });
    case 'jobs':
      if (rest[0] === 'dead-letter') return deadLetterCommand(config, rest.slice(1));
      throw new UsageError(`Unknown jobs command "${rest[0] ?? ''}".\n\n${USAGE}`);
    case 'discover':
      return discoverCommand(config, rest);
    case 'catalog':
      if (rest[0] === 'import') return catalogImportCommand(config, rest.slice(1));
      throw new UsageError(`Unknown catalog command "${rest[0] ?? ''}".\n\n${USAGE}`);
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof ConfigError) {
      console.error(e.message);
      process.exitCode = 2;
    } else {
      console.error(`scholarsource: ${(e as Error).message}`);
      process.exitCode = 1;
    }
  },
);
