import { useEffect, useRef } from 'react';
import { API_BASE } from './config';
import { History } from './History';
import { remember } from './history';
import { JobView } from './JobView';
import { homePath, jobPath, navigate, onInternalClick, parseRoute, usePathname } from './router';
import { SearchForm } from './SearchForm';

export function App() {
  const pathname = usePathname();
  const route = parseRoute(pathname);
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (route.name !== 'job') document.title = 'ScholarSource: free study resources for your course';
    // After an in-app navigation, move focus to the new content, as a page load would.
    if (first.current) first.current = false;
    else mainRef.current?.focus();
  }, [pathname, route.name]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <a className="brand" href={homePath()} onClick={(e) => onInternalClick(e, homePath())}>
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width="28" height="28" />
          <span>ScholarSource</span>
        </a>
        {route.name !== 'home' && (
          <a className="header-link" href={homePath()} onClick={(e) => onInternalClick(e, homePath())}>
            New search
          </a>
        )}
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {route.name === 'home' && (
          <>
            <h1>Free study resources for your course</h1>
            <p className="lead">
              Describe your course and ScholarSource finds 5 to 7 free, legal resources that match it chapter by chapter, ready to add to NotebookLM.
            </p>
            <SearchForm
              onSubmitted={(id, title) => {
                remember(id, title);
                navigate(jobPath(id));
              }}
            />
            <History />
          </>
        )}
        {route.name === 'job' && (
          <>
            <h1 className="visually-hidden">Your ScholarSource search</h1>
            <JobView key={route.id} id={route.id} />
          </>
        )}
        {route.name === 'bad_job' && (
          <section aria-labelledby="job-heading">
            <h1 id="job-heading">This link is not a search link</h1>
            <p>A search link ends in an id like 3f2b6c1e-8a4d-4c3e-9f1a-2b7d5e6f8a90. Check that the whole link was copied.</p>
            <p>
              <a href={homePath()} onClick={(e) => onInternalClick(e, homePath())}>
                Start a new search
              </a>
            </p>
          </section>
        )}
        {route.name === 'not_found' && (
          <section>
            <h1>Page not found</h1>
            <p>
              <a href={homePath()} onClick={(e) => onInternalClick(e, homePath())}>
                Go to the search page
              </a>
            </p>
          </section>
        )}
      </main>
      <footer className="site-footer">
        <p>
          ScholarSource lists only free, legal resources and shows each one&apos;s licence. <a href={`${API_BASE}/docs`}>API documentation</a>
        </p>
      </footer>
    </>
  );
}
