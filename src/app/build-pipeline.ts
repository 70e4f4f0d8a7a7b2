import type { Config } from '../config/config';
import { Catalog } from '../pipeline/catalog/catalog';
import { createGuardedFetcher, type HostLookup } from '../pipeline/fetch/guarded-fetch';
import { createOfflinePipeline } from '../pipeline/offline-pipeline';
import type { DiscoveryPipeline } from '../pipeline/pipeline';
import type { Store } from '../store/open';

/** The configured discovery pipeline: the offline engine over the built-in catalog plus the store's imports. */
export function buildPipeline(config: Config, store: Store, opts: { lookup?: HostLookup } = {}): { pipeline: DiscoveryPipeline; catalog: Catalog } {
  const catalog = new Catalog(store.catalogImports);
  const fetchPage = createGuardedFetcher({
    allowLoopback: config.FETCH_ALLOW_LOOPBACK,
    timeoutMs: config.FETCH_TIMEOUT_MS,
    maxBytes: config.FETCH_MAX_BYTES,
    ...(opts.lookup ? { lookup: opts.lookup } : {}),
  });
  const pipeline = createOfflinePipeline({
    catalog,
    fetchPage,
    discoveryConcurrency: config.DISCOVERY_CONCURRENCY,
    defaultMaxResults: config.MAX_RESULTS_DEFAULT,
  });
  return { pipeline, catalog };
}
