// Reading the kernel's ring buffer from /dev/kmsg: each read() returns one record (with its
// dictionary lines); EAGAIN (opened non-blocking) means no record yet; EPIPE means records were
// overwritten before we read them. Reading never ties up a thread of libuv's pool, so stopping
// is immediate.
import { constants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { parseKmsgRecord, type KmsgRecord } from './kmsg-record.js';
import { Sleeper } from '../../model/sleeper.js';

/** A record of up to 8 KiB fits (the kernel's limit is 1024 bytes of text plus its dictionary). */
const RECORD_BUFFER_BYTES = 16 * 1024;

/** This boot's id: kmsg sequence numbers start again with every boot. */
export async function bootId(): Promise<string> {
  return (await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => 'unknown-boot')).trim();
}

export interface KmsgDeviceOptions {
  pollMs?: number;
  log?: (message: string) => void;
}

export class KmsgDevice {
  private readonly sleeper = new Sleeper();
  private stopped = false;

  constructor(
    private readonly path: string,
    private readonly options: KmsgDeviceOptions = {},
  ) {}

  stop(): void {
    this.stopped = true;
    this.sleeper.wake();
  }

  /** Reads every record of the ring buffer, oldest first, then new ones as they come; each is awaited. */
  async run(onRecord: (record: KmsgRecord) => Promise<void>): Promise<void> {
    const fh = await open(this.path, constants.O_RDONLY | constants.O_NONBLOCK);
    const buf = Buffer.alloc(RECORD_BUFFER_BYTES);
    let lastSeq: number | undefined;
    try {
      while (!this.stopped) {
        let n: number;
        try {
          ({ bytesRead: n } = await fh.read(buf, 0, buf.length, null));
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN') {
            await this.sleeper.sleep(this.options.pollMs ?? 250);
            continue;
          }
          // The next read returns the oldest record still there; the gap shows in the sequence numbers.
          if (code === 'EPIPE') continue;
          throw err;
        }
        if (n === 0) {
          await this.sleeper.sleep(this.options.pollMs ?? 250);
          continue;
        }
        const text = buf.toString('utf8', 0, n);
        const record = parseKmsgRecord(text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n')));
        if (!record) continue;
        if (lastSeq !== undefined && record.seq > lastSeq + 1) {
          this.options.log?.(`${this.path}: ${record.seq - lastSeq - 1} kernel records were overwritten before they could be read`);
        }
        lastSeq = record.seq;
        await onRecord(record);
      }
    } finally {
      await fh.close();
    }
  }
}
