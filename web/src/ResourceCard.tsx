import { useId, useState } from 'react';
import type { Resource } from './contracts';
import { ExternalLink, isHttpUrl } from './links';
import { FORMAT_LABELS, TYPE_LABELS, licenseLabel } from './labels';

export interface ResourceCardProps {
  resource: Resource;
  selected: boolean;
  onToggle: (selected: boolean) => void;
  onCopyUrl: (url: string) => void;
}

/** One recommended resource: what it is, what it covers, its licence and score, and its URL. */
export function ResourceCard({ resource: r, selected, onToggle, onCopyUrl }: ResourceCardProps) {
  const [why, setWhy] = useState(false);
  const id = useId();
  const titleId = `${id}-title`;
  const whyId = `${id}-why`;
  const web = isHttpUrl(r.url);
  return (
    <article className={`card${selected ? ' is-selected' : ''}`} aria-labelledby={titleId} data-testid="resource-card">
      <div className="card-top">
        <label className="check select-check">
          <input type="checkbox" checked={selected} onChange={(e) => onToggle(e.currentTarget.checked)} aria-label={`Select ${r.title}`} />
          <span aria-hidden="true">Select</span>
        </label>
        <span className={`badge badge-${r.type}`}>{TYPE_LABELS[r.type]}</span>
      </div>
      <h3 id={titleId} className="card-title">
        <ExternalLink href={r.url}>{r.title}</ExternalLink>
      </h3>
      <p className="card-source">{r.source}</p>
      {r.description && <p className="card-description">{r.description}</p>}
      {r.coverage_topics.length > 0 && (
        <div className="card-covers">
          <span className="label">Covers:</span>
          <ul className="chips">
            {r.coverage_topics.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </div>
      )}
      <dl className="card-facts">
        <div>
          <dt>Licence</dt>
          <dd title={r.license_source ? `Read from: ${r.license_source}` : undefined}>{licenseLabel(r.license)}</dd>
        </div>
        <div>
          <dt>NotebookLM</dt>
          <dd>{FORMAT_LABELS[r.notebooklm_format]}</dd>
        </div>
        <div>
          <dt>Score</dt>
          <dd>
            {Math.round(r.score)}/100{' '}
            <button type="button" className="link-button" aria-expanded={why} aria-controls={whyId} onClick={() => setWhy(!why)}>
              {why ? 'Hide why' : 'Why?'}
            </button>
          </dd>
        </div>
      </dl>
      <div id={whyId} className="card-why" hidden={!why}>
        <p>{r.rationale || 'No explanation was given.'}</p>
        {r.license_source && <p className="hint">Licence read from: {r.license_source}.</p>}
      </div>
      <div className="card-actions">
        {web ? (
          <button type="button" className="button button-small" onClick={() => onCopyUrl(r.url)} aria-label={`Copy URL of ${r.title}`}>
            Copy URL
          </button>
        ) : (
          <p className="hint">This address is not a web link, so it is not shown as one.</p>
        )}
      </div>
    </article>
  );
}
