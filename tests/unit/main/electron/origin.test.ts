import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, isAllowedExternalUrl, isAppUrl, originOf } from '../../../../main/electron/origin';

describe('origins', () => {
  it('builds the origin of app:// URLs, which Node reports as "null"', () => {
    expect(new URL(APP_INDEX_URL).origin).toBe('null');
    expect(originOf(APP_INDEX_URL)).toBe('app://llm-sizer');
    expect(originOf('HTTPS://GitHub.com:443/x')).toBe('https://github.com');
    expect(originOf('https://github.com:8443/x')).toBe('https://github.com:8443');
  });

  it('has no origin for what does not parse, carries credentials or has no host', () => {
    for (const url of ['', 'not a url', 'https://user:pw@github.com/', 'app://llm-sizer@evil.example/', 'file:///etc/passwd', 'about:blank']) {
      expect(originOf(url), url).toBeNull();
    }
  });

  it('takes only our own whole origin as the app', () => {
    expect(isAppUrl('app://llm-sizer/index.html')).toBe(true);
    expect(isAppUrl('app://llm-sizer/assets/a.js?x#y')).toBe(true);
    for (const url of ['app://llm-sizer.evil.example/', 'app://llm-sizer:81/', 'app://evil/', 'https://llm-sizer/', 'file:///opt/app/out/renderer-x/index.html']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('opens only allowlisted https origins externally', () => {
    expect(isAllowedExternalUrl('https://huggingface.co/Qwen/Qwen3-8B-GGUF')).toBe(true);
    expect(isAllowedExternalUrl('https://github.com/ggml-org/llama.cpp')).toBe(true);
    for (const url of ['https://github.com.evil.example/', 'https://huggingface.co.evil.example/', 'http://github.com/', 'https://x@github.com/', 'javascript:alert(1)', 'file:///etc/passwd']) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});
