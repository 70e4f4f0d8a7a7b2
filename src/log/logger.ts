import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; secrets and request bodies are redacted by path. */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { pid: process.pid, ...bindings },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'body',
        'req.body',
        '*.apiKey',
        '*.api_key',
        'config.OPENAI_API_KEY',
        'config.SERPER_API_KEY',
        'config.ADMIN_TOKEN',
      ],
      censor: '[redacted]',
    },
  });
}
