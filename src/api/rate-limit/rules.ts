import type { Config } from '../../config/config';
import type { RateRule } from './limiter';

export type Bucket = 'submit' | 'status' | 'cancel' | 'uploads';

/** The configured limits of design §7, per bucket. */
export function rateRules(c: Config): Record<Bucket, RateRule[]> {
  return {
    submit: [
      { limit: c.RATE_LIMIT_SUBMIT_PER_HOUR, windowSeconds: 3600 },
      { limit: c.RATE_LIMIT_SUBMIT_PER_MINUTE, windowSeconds: 60 },
    ],
    status: [{ limit: c.RATE_LIMIT_STATUS_PER_MINUTE, windowSeconds: 60 }],
    cancel: [{ limit: c.RATE_LIMIT_CANCEL_PER_HOUR, windowSeconds: 3600 }],
    uploads: [{ limit: c.RATE_LIMIT_UPLOADS_PER_HOUR, windowSeconds: 3600 }],
  };
}
