// Access keys and signature nonces on every backend: a nonce is good once until it expires, and
// the keys of one account are not another's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../test/support/backends.js';
import type { Micros } from '../model/event.js';
import type { KeyStore } from './key-store.js';
import { KEY_RECHECK_MS } from './postgres/keys.js';

const NOW: Micros = Date.UTC(2026, 10, 29) * 1000;
const MINUTE: Micros = 60_000_000;

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`key store: ${backend.name}`, () => {
    let location: { db: string; cleanup: () => Promise<void> };
    let close: () => Promise<void>;
    let keys: KeyStore;
    let keysOf: () => KeyStore;

    beforeEach(async () => {
      location = await backend.location();
      const events = await backend.open(location.db);
      keysOf = () => (events as unknown as { keyStore(): KeyStore }).keyStore();
      keys = keysOf();
      close = () => events.close();
    });

    afterEach(async () => {
      await close();
      await location.cleanup();
    });

    it('takes a nonce once, refuses it until it expires, then takes it again', async () => {
      expect(await keys.useNonce('LTAI1:n-1', NOW, NOW + 15 * MINUTE)).toBe(true);
      expect(await keys.useNonce('LTAI1:n-1', NOW + MINUTE, NOW + 16 * MINUTE)).toBe(false);
      expect(await keys.useNonce('LTAI1:n-1', NOW + 15 * MINUTE, NOW + 30 * MINUTE)).toBe(false);
      expect(await keys.useNonce('LTAI1:n-1', NOW + 15 * MINUTE + 1, NOW + 30 * MINUTE + 1)).toBe(true);
      expect(await keys.useNonce('LTAI1:n-1', NOW + 16 * MINUTE, NOW + 31 * MINUTE)).toBe(false);
    });

    it('tells nonces apart by every character, and the same nonce of two keys apart', async () => {
      const nonces = ['LTAI1:n-1', 'LTAI1:n-2', 'LTAI2:n-1', 'LTAI1:n-1 ', 'LTAI1:N-1', 'LTAI1:n-1\u00e9', 'LTAI1:' + 'x'.repeat(128)];
      for (const n of nonces) expect(await keys.useNonce(n, NOW, NOW + 15 * MINUTE), n).toBe(true);
      for (const n of nonces) expect(await keys.useNonce(n, NOW + 1, NOW + 15 * MINUTE + 1), n).toBe(false);
    });

    it('takes a nonce once among concurrent claims, and each other nonce of the same moment', async () => {
      const claims = ['LTAI1:c-1', 'LTAI1:c-2', 'LTAI1:c-1', 'LTAI1:c-3', 'LTAI1:c-1'].map((n) => keys.useNonce(n, NOW, NOW + 15 * MINUTE));
      expect(await Promise.all(claims)).toEqual([true, true, false, true, false]);
      expect(await keys.useNonce('LTAI1:c-2', NOW + 1, NOW + 15 * MINUTE + 1)).toBe(false);
    });

    it('judges each claim of one moment by its own time: one expired, one not', async () => {
      expect(await Promise.all([keys.useNonce('LTAI1:e-1', NOW, NOW + 10), keys.useNonce('LTAI1:e-2', NOW, NOW + 10)])).toEqual([true, true]);
      const claims = [keys.useNonce('LTAI1:e-1', NOW + 5, NOW + 20), keys.useNonce('LTAI1:e-2', NOW + 11, NOW + 26)];
      expect(await Promise.all(claims)).toEqual([false, true]);
      expect(await keys.useNonce('LTAI1:e-2', NOW + 12, NOW + 27)).toBe(false);
    });

    it('takes each nonce once when two stores on one database (two replicas) claim them at once', async () => {
      const other = await backend.open(location.db);
      try {
        const otherKeys = (other as unknown as { keyStore(): KeyStore }).keyStore();
        const nonces = Array.from({ length: 40 }, (_, i) => `LTAI1:r-${i}`);
        const mine = nonces.map((n) => keys.useNonce(n, NOW, NOW + 15 * MINUTE));
        const theirs = nonces.map((n) => otherKeys.useNonce(n, NOW, NOW + 15 * MINUTE));
        const [a, b] = [await Promise.all(mine), await Promise.all(theirs)];
        nonces.forEach((n, i) => expect([a[i], b[i]].filter(Boolean), n).toHaveLength(1));
        expect(await otherKeys.useNonce('LTAI1:r-0', NOW + 1, NOW + 15 * MINUTE + 1)).toBe(false);
      } finally {
        await other.close();
      }
    });

    it('forgets expired nonces as time passes, and keeps the ones still valid', async () => {
      for (let i = 0; i < 100; i++) expect(await keys.useNonce(`LTAI1:old-${i}`, NOW + i, NOW + i + 15 * MINUTE)).toBe(true);
      const later = NOW + 15 * MINUTE + 50;
      expect(await keys.useNonce('LTAI1:fresh', later, later + 15 * MINUTE)).toBe(true);
      for (let i = 0; i < 100; i++) expect(await keys.useNonce(`LTAI1:old-${i}`, later, later + 15 * MINUTE), `old-${i}`).toBe(i < 50);
    });

    it('keeps used nonces when the store is opened again (a restart), until they expire', async () => {
      expect(await keys.useNonce('LTAI1:kept', NOW, NOW + 15 * MINUTE)).toBe(true);
      await close();
      const events = await backend.open(location.db);
      keys = (events as unknown as { keyStore(): KeyStore }).keyStore();
      close = () => events.close();
      expect(await keys.useNonce('LTAI1:kept', NOW + MINUTE, NOW + 16 * MINUTE)).toBe(false);
      expect(await keys.useNonce('LTAI1:kept', NOW + 15 * MINUTE + 1, NOW + 30 * MINUTE + 1)).toBe(true);
    });

    it('finds, lists and deletes keys by account', async () => {
      await keys.put({ accessKeyId: 'LTAIa', accessKeySecret: 's-a', account: 'acct-a', createdAt: NOW });
      await keys.put({ accessKeyId: 'LTAIb', accessKeySecret: 's-b', account: 'acct-b', createdAt: NOW + 1 });
      expect(await keys.find('LTAIa')).toEqual({ accessKeyId: 'LTAIa', accessKeySecret: 's-a', account: 'acct-a', createdAt: NOW });
      expect((await keys.list('acct-b')).map((k) => k.accessKeyId)).toEqual(['LTAIb']);
      expect(await keys.delete('LTAIa')).toBe(true);
      expect(await keys.delete('LTAIa')).toBe(false);
      expect(await keys.find('LTAIa')).toBeUndefined();
    });

    it("takes another replica's or the CLI's key changes: a new key at once, a deleted or re-keyed one within the documented bound", async () => {
      // SQLite re-reads its keys once another connection has committed to the file; a PostgreSQL
      // replica answers from a key it read for at most KEY_RECHECK_MS.
      const bound = backend.name === 'postgres' ? KEY_RECHECK_MS : 0;
      const other = await backend.open(location.db);
      try {
        const elsewhere = (other as unknown as { keyStore(): KeyStore }).keyStore();
        expect(await keys.find('LTAIx')).toBeUndefined();
        await elsewhere.put({ accessKeyId: 'LTAIx', accessKeySecret: 's-1', account: 'acct-x', createdAt: NOW });
        expect((await keys.find('LTAIx'))?.accessKeySecret).toBe('s-1');
        expect((await keys.find('LTAIx'))?.accessKeySecret).toBe('s-1');

        await elsewhere.put({ accessKeyId: 'LTAIx', accessKeySecret: 's-2', account: 'acct-x', createdAt: NOW });
        await new Promise((r) => setTimeout(r, bound));
        expect((await keys.find('LTAIx'))?.accessKeySecret).toBe('s-2');

        expect(await elsewhere.delete('LTAIx')).toBe(true);
        await new Promise((r) => setTimeout(r, bound));
        expect(await keys.find('LTAIx')).toBeUndefined();
      } finally {
        await other.close();
      }
    });

    it("takes its own key changes at once, and the same store's keys are one copy however often it is asked for", async () => {
      await keys.put({ accessKeyId: 'LTAIy', accessKeySecret: 's-1', account: 'acct-y', createdAt: NOW });
      expect((await keys.find('LTAIy'))?.accessKeySecret).toBe('s-1');
      await keys.put({ accessKeyId: 'LTAIy', accessKeySecret: 's-2', account: 'acct-y', createdAt: NOW });
      expect((await keys.find('LTAIy'))?.accessKeySecret).toBe('s-2');
      // Asked for again (another part of the same process): a change made there is seen here.
      expect(await keysOf().delete('LTAIy')).toBe(true);
      expect(await keys.find('LTAIy')).toBeUndefined();
    });

    it('creates the first key once, among concurrent attempts, and none once any key exists', async () => {
      const candidates = [1, 2, 3, 4].map((i) => ({ accessKeyId: `LTAIfirst${i}`, accessKeySecret: `s-${i}`, account: 'default', createdAt: NOW + i }));
      const created = await Promise.all(candidates.map((k) => keys.createFirst(k)));
      expect(created.filter(Boolean)).toHaveLength(1);
      const winner = candidates[created.indexOf(true)]!;
      expect(await keys.list()).toEqual([winner]);
      await keys.delete(winner.accessKeyId);
      await keys.put({ accessKeyId: 'LTAIother', accessKeySecret: 's-o', account: 'acct-o', createdAt: NOW });
      expect(await keys.createFirst(candidates[0]!)).toBe(false);
      expect((await keys.list()).map((k) => k.accessKeyId)).toEqual(['LTAIother']);
    });

    it('creates one first key among replicas racing for it, round after round', async () => {
      // Stores of their own (a pool each on PostgreSQL), as replicas have.
      const replicas = await Promise.all([1, 2, 3, 4, 5, 6].map(() => backend.open(location.db)));
      try {
        const stores = replicas.map((r) => (r as unknown as { keyStore(): KeyStore }).keyStore());
        for (let round = 0; round < 20; round++) {
          const created = await Promise.all(
            stores.map((k, i) => k.createFirst({ accessKeyId: `LTAIr${round}x${i}`, accessKeySecret: 's', account: 'default', createdAt: NOW })),
          );
          expect(created.filter(Boolean), `round ${round}`).toHaveLength(1);
          const all = await keys.list();
          expect(all, `round ${round}`).toHaveLength(1);
          await keys.delete(all[0]!.accessKeyId);
        }
      } finally {
        await Promise.all(replicas.map((r) => r.close()));
      }
    }, 60_000);
  });
}
