// The console's shell: the session (GET /v1/session at start; any 401 later returns to sign-in),
// the header with navigation, the live indicator and sign-out, and the routes.
import { useEffect, useState } from 'preact/hooks';
import { api, onUnauthorized } from '../lib/api.js';
import { live } from '../lib/live.js';
import type { Session } from '../lib/types.js';
import { AllEventsPage } from './all-events-page.js';
import { CatalogPage } from './catalog-page.js';
import { GroupPageView } from './group-page.js';
import { GroupsPageView } from './groups-page.js';
import { ImageCachePageView } from './image-cache-page.js';
import { DataCachePageView } from './data-cache-page.js';
import { DataCachesPageView } from './data-caches-page.js';
import { DiagnosesPageView } from './diagnoses-page.js';
import { ImageCachesPageView } from './image-caches-page.js';
import { VirtualNodePageView } from './virtual-node-page.js';
import { VirtualNodesPageView } from './virtual-nodes-page.js';
import { useLiveStatus } from './hooks.js';
import { Link, navigate, useLocation } from './router.js';
import { SignIn } from './sign-in.js';

type SessionState = { state: 'checking' } | { state: 'out'; notice?: string } | { state: 'in'; session: Session };

export function App() {
  const loc = useLocation();
  const [session, setSession] = useState<SessionState>({ state: 'checking' });

  useEffect(() => {
    onUnauthorized(() => {
      live.stop();
      setSession({ state: 'out', notice: 'Your session has ended. Sign in again.' });
    });
    api.session().then(
      (s) => setSession({ state: 'in', session: s }),
      () => setSession({ state: 'out' }),
    );
  }, []);

  useEffect(() => {
    if (session.state === 'in') void live.start();
    return () => live.stop();
  }, [session.state]);

  if (session.state === 'checking') return <p class="booting">Loading…</p>;
  if (session.state === 'out') {
    return (
      <SignIn
        notice={session.notice}
        onSignedIn={(s) => {
          setSession({ state: 'in', session: s });
          const next = loc.path === '/signin' ? loc.search.get('next') : null;
          navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : loc.path === '/signin' || loc.path === '/' ? '/groups' : loc.href, {
            replace: true,
          });
        }}
      />
    );
  }
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Header session={session.session} path={loc.path} onSignOut={() => setSession({ state: 'out', notice: 'You have signed out.' })} />
      <Routes path={loc.path} />
    </>
  );
}

function Routes({ path }: { path: string }) {
  const home = path === '/' || path === '/signin';
  // The start page is the groups list, under its own address.
  useEffect(() => {
    if (home) navigate('/groups', { replace: true });
  }, [home]);
  if (home || path === '/groups') return <GroupsPageView />;
  const g = /^\/groups\/([^/]+)(\/events)?\/?$/.exec(path);
  if (g) return <GroupPageView key={g[1]} id={decodeURIComponent(g[1]!)} tab={g[2] ? 'events' : 'info'} />;
  if (path === '/image-caches') return <ImageCachesPageView />;
  const c = /^\/image-caches\/([^/]+)(\/events)?\/?$/.exec(path);
  if (c) return <ImageCachePageView key={c[1]} id={decodeURIComponent(c[1]!)} tab={c[2] ? 'events' : 'info'} />;
  if (path === '/data-caches') return <DataCachesPageView />;
  const d = /^\/data-caches\/([^/]+)(\/events)?\/?$/.exec(path);
  if (d) return <DataCachePageView key={d[1]} id={decodeURIComponent(d[1]!)} tab={d[2] ? 'events' : 'info'} />;
  if (path === '/virtual-nodes') return <VirtualNodesPageView />;
  const v = /^\/virtual-nodes\/([^/]+)(\/events)?\/?$/.exec(path);
  if (v) return <VirtualNodePageView key={v[1]} id={decodeURIComponent(v[1]!)} tab={v[2] ? 'events' : 'info'} />;
  if (path === '/diagnoses') return <DiagnosesPageView />;
  if (path === '/events') return <AllEventsPage />;
  if (path === '/catalog') return <CatalogPage />;
  return (
    <main id="main">
      <h1>Not found</h1>
      <p>
        There is no page at <code>{path}</code>. <Link href="/groups">Container groups</Link>
      </p>
    </main>
  );
}

function Header({ session, path, onSignOut }: { session: Session; path: string; onSignOut: () => void }) {
  const status = useLiveStatus();
  const here = (p: string) => (path === p || path.startsWith(`${p}/`) ? 'page' : undefined);
  return (
    <header class="top">
      <Link href="/groups" class="brand">
        ECI events
      </Link>
      <nav aria-label="Main">
        <Link href="/groups" aria-current={here('/groups')}>
          Container groups
        </Link>
        <Link href="/image-caches" aria-current={here('/image-caches')}>
          Image caches
        </Link>
        <Link href="/data-caches" aria-current={here('/data-caches')}>
          Data caches
        </Link>
        <Link href="/virtual-nodes" aria-current={here('/virtual-nodes')}>
          Virtual nodes
        </Link>
        <Link href="/diagnoses" aria-current={here('/diagnoses')}>
          Diagnoses
        </Link>
        <Link href="/events" aria-current={here('/events')}>
          Events
        </Link>
        <Link href="/catalog" aria-current={here('/catalog')}>
          Catalog
        </Link>
      </nav>
      <div class="account">
        <span class={`live live-${status}`} role="status" title="Updates from the service's change stream">
          <span class="dot" aria-hidden="true" />
          {status === 'live' ? 'Live' : status === 'off' ? 'Offline' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </span>
        <span class="who" title={`AccessKey ${session.accessKeyId}`}>
          <span class="sr-only">Signed in to account </span>
          {session.account}
        </span>
        <button
          type="button"
          class="secondary"
          onClick={async () => {
            live.stop();
            try {
              await api.signOut();
            } finally {
              onSignOut();
              navigate('/signin', { replace: true });
            }
          }}
        >
          Sign out
        </button>
      </div>
    </header>
  );
}
