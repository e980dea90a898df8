// Tag rules shared by create and update: ECI allows up to 20 tags with distinct, non-empty keys.
import type { Tag } from './container-group.js';
import { invalid } from './errors.js';

export const MAX_TAGS = 20;

/** A checked copy of the tags; throws EmulatorError naming the Tag.N parameter at fault. */
export function checkTags(tags: readonly Tag[]): Tag[] {
  if (tags.length > MAX_TAGS) throw invalid(`Tag.${MAX_TAGS + 1}.Key`, tags[MAX_TAGS]?.key, `at most ${MAX_TAGS} tags are allowed`);
  const seen = new Set<string>();
  return tags.map((tag, i) => {
    if (!tag.key) throw invalid(`Tag.${i + 1}.Key`, tag.key, 'a tag needs a key');
    if (seen.has(tag.key)) throw invalid(`Tag.${i + 1}.Key`, tag.key, 'another tag has this key');
    seen.add(tag.key);
    return { key: tag.key, value: tag.value ?? '' };
  });
}
