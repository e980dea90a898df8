import { useEffect, useRef, useState } from 'preact/hooks';
import { live, type LiveStatus } from '../lib/live.js';
import type { EventJson } from '../lib/types.js';

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Calls the latest `listener` with every batch of live changes while the component is mounted. */
export function useLiveChanges(listener: (events: EventJson[]) => void): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => live.subscribe((batch) => ref.current(batch)), []);
}

/** Calls the latest `reload` when the live feed started again from the latest state (what was shown may be stale). */
export function useLiveReset(reload: () => void): void {
  const ref = useRef(reload);
  ref.current = reload;
  useEffect(() => live.onReset(() => ref.current()), []);
}

export function useLiveStatus(): LiveStatus {
  const [s, setS] = useState<LiveStatus>(live.status);
  useEffect(() => live.onStatus(setS), []);
  return s;
}

/**
 * A function that runs `fn` at once, then at most once per `ms` however often it is called (the
 * last call in a burst is never dropped): refreshing a count on a storm of changes.
 */
export function useThrottle(fn: () => void, ms: number): () => void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const state = useRef<{ last: number; timer: ReturnType<typeof setTimeout> | undefined }>({ last: 0, timer: undefined });
  useEffect(() => () => clearTimeout(state.current.timer), []);
  return useRef(() => {
    const s = state.current;
    if (s.timer) return;
    const wait = Math.max(0, s.last + ms - Date.now());
    s.timer = setTimeout(() => {
      s.timer = undefined;
      s.last = Date.now();
      fnRef.current();
    }, wait);
  }).current;
}

/** Keys that changed recently, each forgotten after `ms`: rows flash when the stream brings them. */
export function useFresh(ms = 2500): [Set<string>, (keys: string[]) => void] {
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  const mark = useRef((keys: string[]) => {
    if (!keys.length) return;
    setFresh((prev) => new Set([...prev, ...keys]));
    timers.current.push(
      setTimeout(() => {
        setFresh((prev) => {
          const next = new Set(prev);
          for (const k of keys) next.delete(k);
          return next;
        });
      }, ms),
    );
  }).current;
  return [fresh, mark];
}

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · ECI events`;
  }, [title]);
}

/**
 * Calls `fn` every `ms` while `active`: for what moves with the service's clock without an event
 * on the stream (a data cache's load and snapshot: the cache records events only when a step fails).
 */
export function useEvery(active: boolean, ms: number, fn: () => void): void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => fnRef.current(), ms);
    return () => clearInterval(t);
  }, [active, ms]);
}
