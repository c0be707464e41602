/** Name and version, injected at build time from package.json by electron-vite's define; "dev" in tests. */
declare const __APP_VERSION__: string | undefined;

export const APP_NAME = 'LLM Sizer';
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';
