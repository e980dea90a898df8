import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import type { CatalogRow } from '../lib/types.js';

let rows: CatalogRow[] | undefined;

/** The event catalog (GET /v1/catalog, fetched once per page load); [] until it arrives. */
export function useCatalog(): { rows: CatalogRow[]; error: string | undefined } {
  const [state, setState] = useState<{ rows: CatalogRow[]; error: string | undefined }>({ rows: rows ?? [], error: undefined });
  useEffect(() => {
    if (rows) return;
    let alive = true;
    api.catalog().then(
      (r) => {
        rows = r;
        if (alive) setState({ rows: r, error: undefined });
      },
      (err: Error) => alive && setState({ rows: [], error: err.message }),
    );
    return () => {
      alive = false;
    };
  }, []);
  return state;
}
