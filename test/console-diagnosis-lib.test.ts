// Unit tests of how the console words a diagnosis (console/src/lib/diagnosis.ts): a cause's
// current or past line, time spans, the folding of a long chain, and when the panel must poll.
import { describe, expect, it } from 'vitest';
import { causeWhen, foldChain, hasCountdown, timeSpan, type Cause } from '../console/src/lib/diagnosis.js';

const SHANGHAI = 'Asia/Shanghai';

describe('console diagnosis wording', () => {
  it('a cause is current since its first event, or past with the time of its fix', () => {
    expect(causeWhen({ current: true, firstTimestamp: '2026-03-01T00:00:01Z' }, SHANGHAI)).toBe('Current, since 2026-03-01 08:00:01');
    expect(causeWhen({ current: false, firstTimestamp: '2026-03-01T00:00:01Z', resolvedAt: '2026-03-01T00:05:00Z' }, SHANGHAI)).toBe(
      'Past, fixed at 2026-03-01 08:05:00',
    );
    expect(causeWhen({ current: false, firstTimestamp: '2026-03-01T00:00:01Z' }, SHANGHAI)).toBe('Past');
  });

  it('a span is one time when first and last agree to the second', () => {
    expect(timeSpan('2026-03-01T00:00:01Z', '2026-03-01T00:00:01Z', SHANGHAI)).toBe('2026-03-01 08:00:01');
    expect(timeSpan('2026-03-01T00:00:01Z', '2026-03-01T00:09:34Z', SHANGHAI)).toBe('2026-03-01 08:00:01 – 2026-03-01 08:09:34');
  });

  it('a long chain folds to its first links and its last; a short one stays whole', () => {
    const chain = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(foldChain(chain, 6)).toEqual({ before: [1, 2, 3, 4, 5], hidden: [6, 7, 8], after: [9] });
    expect(foldChain(chain.slice(0, 6), 6)).toEqual({ before: [1, 2, 3, 4, 5, 6], hidden: [], after: [] });
    expect(foldChain(chain.slice(0, 7), 6)).toEqual({ before: [1, 2, 3, 4, 5], hidden: [6], after: [7] });
    expect(foldChain(chain, Number.POSITIVE_INFINITY).before).toEqual(chain);
    expect(foldChain([], 6)).toEqual({ before: [], hidden: [], after: [] });
  });

  it('the panel polls only while a current cause counts down (threatens)', () => {
    const cause = (over: Partial<Cause>) => ({ current: true, impact: 'blocks', ...over }) as Cause;
    expect(hasCountdown({ causes: [] })).toBe(false);
    expect(hasCountdown({ causes: [cause({})] })).toBe(false);
    expect(hasCountdown({ causes: [cause({ impact: 'threatens', current: false })] })).toBe(false);
    expect(hasCountdown({ causes: [cause({}), cause({ impact: 'threatens' })] })).toBe(true);
  });
});
