import { describe, expect, it } from 'vitest';
import { redactDeep, redactor, withoutPrivateFacts } from '../../../../app/report/privacy';
import { profileFromFixture } from '../../../helpers/fixture-profiles';

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

describe('withoutPrivateFacts', () => {
  it('replaces names only in free text: a host called "ubuntu" leaves "Ubuntu 24.04" alone', () => {
    const profile = { ...profileFromFixture('linux-nvidia-h200-vm'), label: 'ubuntu (root)', warnings: ['probe failed on ubuntu'] };
    const d = withoutPrivateFacts({
      appName: 'x',
      appVersion: '1',
      generatedAt: '2026-11-28T12:00:00.000Z',
      profile,
      options: {} as never,
      recommendations: [],
      privacy: { homeDir: '/root', userName: 'root', hostName: 'ubuntu', includePrivate: false },
      localModels: [{ name: 'root-tune.gguf', path: '/root/m/root-tune.gguf', quant: null, estimate: null, error: null }],
    });
    expect(d.profile.os.release).toBe(profile.os.release);
    expect(profile.os.release).toContain('Ubuntu');
    expect(d.profile.label).toBe('<host> (<user>)');
    expect(d.profile.warnings).toEqual(['probe failed on <host>']);
    expect(d.localModels?.[0]?.path).toBe('~/m/root-tune.gguf');
  });
});
