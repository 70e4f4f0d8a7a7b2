import { coverage, type Item } from './results-model';
import type { Resource } from './contracts';

/** Chapters (rows) × selected resources (columns), and the chapters no selected resource covers. */
export function Coverage({ chapters, results, selected }: { chapters: readonly string[]; results: readonly Resource[]; selected: readonly Item[] }) {
  if (chapters.length === 0) {
    return (
      <section className="coverage" aria-labelledby="coverage-heading">
        <h3 id="coverage-heading">Chapter coverage</h3>
        <p className="hint">The course&apos;s chapters are not known for this search, so coverage cannot be shown.</p>
      </section>
    );
  }
  const rows = coverage(chapters, results, selected);
  const gaps = rows.filter((r) => r.coveredBy.length === 0);
  const nowhere = gaps.filter((r) => !r.coveredByAny);
  return (
    <section className="coverage" aria-labelledby="coverage-heading">
      <h3 id="coverage-heading">Chapter coverage</h3>
      <p data-testid="coverage-summary">
        {selected.length === 0
          ? 'Select resources to see which chapters they cover.'
          : gaps.length === 0
            ? `The ${selected.length} selected resources cover all ${chapters.length} chapters or topics.`
            : `${chapters.length - gaps.length} of ${chapters.length} chapters or topics are covered by the selection.`}
      </p>
      {selected.length > 0 && gaps.length > 0 && (
        <div className="notice notice-warn">
          <p className="notice-title">Not covered by any selected resource:</p>
          <ul data-testid="coverage-gaps">
            {gaps.map((g) => (
              <li key={g.chapter}>
                {g.chapter}
                {!g.coveredByAny ? ' (no resource in the results covers it)' : ' (select another resource to cover it)'}
              </li>
            ))}
          </ul>
          {nowhere.length > 0 && <p className="hint">For chapters nothing covers, try a search with those chapters as focus topics.</p>}
        </div>
      )}
      {selected.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Coverage table, scrolls sideways">
          <table className="coverage-table">
            <caption className="visually-hidden">Which selected resources cover each chapter</caption>
            <thead>
              <tr>
                <th scope="col">Chapter or topic</th>
                {selected.map((x, n) => (
                  <th scope="col" key={x.i} title={x.r.title}>
                    <span aria-hidden="true">#{n + 1}</span>
                    <span className="visually-hidden">{x.r.title}</span>
                  </th>
                ))}
                <th scope="col">Resources</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.chapter} className={row.coveredBy.length === 0 ? 'gap' : undefined}>
                  <th scope="row">{row.chapter}</th>
                  {selected.map((x) => {
                    const yes = row.coveredBy.includes(x.i);
                    return (
                      <td key={x.i} className={yes ? 'yes' : 'no'}>
                        <span aria-hidden="true">{yes ? '✓' : '–'}</span>
                        <span className="visually-hidden">{yes ? 'covered' : 'not covered'}</span>
                      </td>
                    );
                  })}
                  <td>{row.coveredBy.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected.length > 0 && (
        <ol className="coverage-legend" aria-label="Columns">
          {selected.map((x, n) => (
            <li key={x.i} value={n + 1}>
              {x.r.title}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
