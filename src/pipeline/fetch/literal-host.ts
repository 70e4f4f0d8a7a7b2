import { classifyAddress, describeCategory, isAddressAllowed } from './address-policy';
import { hostTarget } from './url-policy';

/**
 * What the URL alone shows: a host that is localhost or a literal address we would refuse to fetch.
 * Names that need DNS are judged later, by the guarded fetcher, when the job runs.
 */
export function literalHostProblem(url: string, allowLoopback: boolean): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return 'is not a valid URL';
  }
  if (!allowLoopback && (host === 'localhost' || host.endsWith('.localhost'))) return 'points to this machine (localhost), which ScholarSource does not fetch';
  const target = hostTarget(host);
  if (!target) return 'has a host that is not a valid name or address';
  if (target.kind === 'name') return null;
  const verdict = classifyAddress(target.address);
  if (isAddressAllowed(verdict, { allowLoopback })) return null;
  return `points to ${describeCategory(verdict.category)} (${target.address}), which ScholarSource does not fetch`;
}
