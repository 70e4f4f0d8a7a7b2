import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: scholarsource <command> [options]

Commands:
  serve                      API, worker and web app on one port (PORT, default 8000);
                             with DATABASE_URL and REDIS_URL the worker runs on BullMQ
  api                        distributed mode: only the HTTP API (needs DATABASE_URL and REDIS_URL)
  worker                     distributed mode: only job workers (needs DATABASE_URL and REDIS_URL)
  jobs dead-letter list [--all] [--json]
                             jobs that used up their attempts
  jobs dead-letter redrive JOB_ID
                             run a dead-lettered job again as a new job
  discover [input] [--json]  run one search and print the results
      --title TEXT --author TEXT | --isbn ISBN | --course-url URL | --book-url URL
      --topics "a, b, c" | --syllabus-file FILE
      [--max-results 5-7] [--bypass-cache] [--json]
  catalog import FILE [--format csv|json|markdown]
                             add an open-resource list to the offline catalog
  help                       this text

Configuration comes from the environment; see .env.example.`;

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true } as const);
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${USAGE}`);
  }
}
