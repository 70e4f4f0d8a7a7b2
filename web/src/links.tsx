import type { ReactNode } from 'react';

/** True only for absolute http: and https: addresses. Nothing else is ever rendered as a link. */
export function isHttpUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** A link to an outside page in a new tab, or plain text when the address is not http(s). */
export function ExternalLink({ href, children, className }: { href: string; children: ReactNode; className?: string }) {
  if (!isHttpUrl(href)) return <span className={className}>{children}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className={className}>
      {children}
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}
