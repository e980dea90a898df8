// A small history router: paths and query strings in the address bar (the service answers every
// console path with index.html), links that navigate without reloading, and focus moved to the
// new page's heading so that keyboard and screen-reader users land where the content starts.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface Loc {
  path: string;
  search: URLSearchParams;
  /** path + query, for `next=` after sign-in. */
  href: string;
}

function current(): Loc {
  return { path: location.pathname, search: new URLSearchParams(location.search), href: location.pathname + location.search };
}

const CHANGE = 'eci:locationchange';

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  const samePath = new URL(to, location.href).pathname === location.pathname;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new CustomEvent(CHANGE, { detail: { focus: !samePath } }));
}

/** Replaces the query string of the current page (filters), keeping history clean. */
export function setSearch(search: URLSearchParams): void {
  const qs = search.toString();
  navigate(location.pathname + (qs ? `?${qs}` : ''), { replace: true });
}

export function useLocation(): Loc {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = (e: Event) => {
      setLoc(current());
      const focus = e.type === 'popstate' || (e as CustomEvent<{ focus: boolean }>).detail?.focus;
      if (focus) {
        requestAnimationFrame(() => {
          const h = document.querySelector<HTMLElement>('main h1');
          if (h) {
            h.tabIndex = -1;
            h.focus({ preventScroll: false });
          }
        });
      }
    };
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return loc;
}

interface AnchorProps {
  href: string;
  children?: ComponentChildren;
  class?: string;
  id?: string;
  title?: string;
  'aria-current'?: 'page' | undefined;
  'aria-label'?: string;
  onClick?: (e: MouseEvent) => void;
}

export function Link({ href, onClick, children, ...rest }: AnchorProps) {
  return (
    <a
      {...rest}
      href={href}
      onClick={(e) => {
        onClick?.(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
