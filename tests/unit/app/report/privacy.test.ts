import { describe, expect, it } from 'vitest';
import { redactDeep, redactor } from '../../../../app/report/privacy';

const facts = { homeDir: '/home/ann', userName: 'ann', hostName: 'gpu-box', includePrivate: false };

describe('redactor', () => {
  it('shortens the home folder to ~ and replaces the user and host names as whole words', () => {
    const r = redactor(facts);
    expect(r('/home/ann/models/x.gguf')).toBe('~/models/x.gguf');
    expect(r('ann@gpu-box')).toBe('<user>@<host>');
    expect(r('planned annually')).toBe('planned annually');
    expect(r('/home/anna/x')).toBe('/home/anna/x');
  });
  it('handles Windows homes in either slash style, case-insensitively', () => {
    const r = redactor({ homeDir: 'C:\\Users\\Ann', userName: 'Ann', hostName: null, includePrivate: false });
    expect(r('C:\\Users\\Ann\\models\\x.gguf')).toBe('~\\models\\x.gguf');
    expect(r('c:/users/ann/models/x.gguf')).toBe('~/models/x.gguf');
  });
  it('keeps everything when the user asks, or when nothing is known', () => {
    expect(redactor({ ...facts, includePrivate: true })('/home/ann/x')).toBe('/home/ann/x');
    expect(redactor(undefined)('/home/ann/x')).toBe('/home/ann/x');
  });
  it('ignores one-letter names (they would eat every word)', () => {
    expect(redactor({ homeDir: null, userName: 'a', hostName: null, includePrivate: false })('a model')).toBe('a model');
  });
});

describe('redactDeep', () => {
  it('applies to every string of a nested value and does not change the input', () => {
    const input = { a: ['/home/ann/x', 3, null], b: { c: 'ann' } };
    const before = JSON.stringify(input);
    expect(redactDeep(input, redactor(facts))).toEqual({ a: ['~/x', 3, null], b: { c: '<user>' } });
    expect(JSON.stringify(input)).toBe(before);
  });
});
