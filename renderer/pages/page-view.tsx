import type { PageDefinition, PageProps } from './pages';
import './pages.css';

/** One page in its tab: kept mounted while hidden, as terminals and files are, so it keeps its state. */
export function PageView({ page, ...props }: PageProps & { page: PageDefinition }) {
  const Page = page.component;
  return (
    <section className={`page ${props.isVisible ? 'page--visible' : ''}`} aria-label={page.title} hidden={!props.isVisible}>
      <Page {...props} />
    </section>
  );
}
