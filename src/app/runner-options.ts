import type { Config } from '../config/config';
import type { JobRunnerOptions } from '../worker/job-runner';

/** The job runner's settings from the configuration, the same in every mode. */
export const runnerOptions = (config: Config, extra: Partial<JobRunnerOptions> = {}): JobRunnerOptions => ({
  jobTimeoutSeconds: config.JOB_TIMEOUT_SECONDS,
  analysisTtlDays: config.COURSE_ANALYSIS_TTL_DAYS,
  resultsTtlDays: config.RESOURCE_RESULTS_TTL_DAYS,
  defaultMaxResults: config.MAX_RESULTS_DEFAULT,
  ...extra,
});
