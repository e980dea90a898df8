import type { Micros } from '../model/event.js';

/** An access key pair; the account owns it, and everything the key does is the account's. */
export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  account: string;
  createdAt: Micros;
}

/** Accounts' access keys and the signature nonces already used, shared by every replica. */
export interface KeyStore {
  find(accessKeyId: string): Promise<AccessKey | undefined>;
  /** Adds a key, or makes an existing id carry this secret and account (a key given at start-up). */
  put(key: AccessKey): Promise<void>;
  /**
   * Adds `key` only if the store holds no key at all, and says whether it did: the bootstrap key
   * of a new database, created once however many replicas start on it together.
   */
  createFirst(key: AccessKey): Promise<boolean>;
  list(account?: string): Promise<AccessKey[]>;
  delete(accessKeyId: string): Promise<boolean>;
  /** Records a nonce until `expiresAt`; false when it was already used and has not expired. */
  useNonce(nonce: string, now: Micros, expiresAt: Micros): Promise<boolean>;
  close(): Promise<void>;
}
