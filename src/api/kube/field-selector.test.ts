import { describe, expect, it } from 'vitest';
import { labelSelectorMatchesUnlabelled, parseFieldSelector } from './field-selector.js';

describe('field selectors', () => {
  it('reads =, == and != terms joined by commas, with escapes in values', () => {
    expect(parseFieldSelector('reason=NoStock,involvedObject.name==cg-1,type!=Normal')).toEqual([
      { field: 'reason', equals: true, value: 'NoStock' },
      { field: 'involvedObject.name', equals: true, value: 'cg-1' },
      { field: 'type', equals: false, value: 'Normal' },
    ]);
    expect(parseFieldSelector('involvedObject.fieldPath=spec.containers{a\\,b}')).toEqual([
      { field: 'involvedObject.fieldPath', equals: true, value: 'spec.containers{a,b}' },
    ]);
    expect(parseFieldSelector('reason=a\\=b\\\\c')).toEqual([{ field: 'reason', equals: true, value: 'a=b\\c' }]);
    expect(parseFieldSelector('reason=')).toEqual([{ field: 'reason', equals: true, value: '' }]);
    expect(parseFieldSelector(undefined)).toEqual([]);
    expect(parseFieldSelector('  ')).toEqual([]);
  });

  it('takes every field an Event supports, and events.k8s.io/v1 names only where asked', () => {
    for (const f of [
      'metadata.name',
      'metadata.namespace',
      'involvedObject.kind',
      'involvedObject.uid',
      'involvedObject.resourceVersion',
      'source',
      'reportingComponent',
    ]) {
      expect(parseFieldSelector(`${f}=x`)[0]!.field).toBe(f);
    }
    expect(parseFieldSelector('regarding.name=cg-1,reportingController=kubelet', true)).toEqual([
      { field: 'involvedObject.name', equals: true, value: 'cg-1' },
      { field: 'reportingComponent', equals: true, value: 'kubelet' },
    ]);
    expect(() => parseFieldSelector('regarding.name=cg-1')).toThrow('field label not supported: regarding.name');
  });

  it('refuses unknown fields, terms without an operator, and unescaped or dangling escapes, naming them', () => {
    expect(() => parseFieldSelector('message=x')).toThrow('field label not supported: message');
    expect(() => parseFieldSelector('reason')).toThrow(/"reason" is not field=value/);
    expect(() => parseFieldSelector('reason=a=b')).toThrow(/unescaped "="/);
    expect(() => parseFieldSelector('reason=a\\')).toThrow(/invalid escape/);
    expect(() => parseFieldSelector('reason=a\\x')).toThrow(/invalid escape/);
  });
});

describe('label selectors on events, which carry no labels', () => {
  it('match when every requirement holds for an object without labels', () => {
    expect(labelSelectorMatchesUnlabelled(undefined)).toBe(true);
    expect(labelSelectorMatchesUnlabelled('!app,tier!=web,env notin (prod, dev)')).toBe(true);
    expect(labelSelectorMatchesUnlabelled('app')).toBe(false);
    expect(labelSelectorMatchesUnlabelled('app=web')).toBe(false);
    expect(labelSelectorMatchesUnlabelled('!app,env in (prod)')).toBe(false);
  });

  it('refuses what does not parse', () => {
    expect(() => labelSelectorMatchesUnlabelled('app=(')).toThrow(/unable to parse requirement/);
  });
});
