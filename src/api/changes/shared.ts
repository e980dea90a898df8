// A change written to many streams is serialised once per wire form: the first stream to frame
// it builds the bytes, the others write the same Buffer. Kept beside the object the change is
// (the window's StoredEvent, the pod feed's group) and gone with it; a stamp (the version) tells
// a newer state of a reused object from the one the bytes were built of.

interface Built {
  stamp: number;
  forms: Map<string, Buffer>;
}

const built = new WeakMap<object, Built>();

/** The bytes of `owner` at `stamp` in wire form `form`: built by `build` the first time, then the same Buffer. */
export function sharedFrame(owner: object, stamp: number, form: string, build: () => string): Buffer {
  let b = built.get(owner);
  if (!b || b.stamp !== stamp) {
    b = { stamp, forms: new Map() };
    built.set(owner, b);
  }
  let bytes = b.forms.get(form);
  if (!bytes) {
    bytes = Buffer.from(build(), 'utf8');
    b.forms.set(form, bytes);
  }
  return bytes;
}

// Streams that fall behind by the same changes (most do together: they are woken by the same
// commit) write the same frames joined: the first joins them, the others reuse its Buffer instead
// of each copying the same bytes. Keyed by the first frame, kept while it is.
const joined = new WeakMap<Buffer, { frames: readonly Buffer[]; bytes: Buffer }>();

/** `frames` as one Buffer of `length` bytes: the one another stream joined of the same frames, or a new one. */
export function sharedJoin(frames: readonly Buffer[], length: number): Buffer {
  if (frames.length === 1) return frames[0]!;
  const last = joined.get(frames[0]!);
  if (last && last.frames.length === frames.length && last.frames.every((f, i) => f === frames[i])) return last.bytes;
  const bytes = Buffer.concat(frames, length);
  joined.set(frames[0]!, { frames: frames.slice(), bytes });
  return bytes;
}
