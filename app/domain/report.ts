import type { Backend, KvCacheType, Runtime } from './estimate';
import type { HardwareOverrides } from './overrides';

export const REPORT_FORMATS = ['markdown', 'html', 'json', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** The formats app/report renders to text; PDF is drawn in main from the same report model. */
export type TextReportFormat = Exclude<ReportFormat, 'pdf'>;

export const PAPER_SIZES = ['a4', 'letter'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  /** Where the API is served from: the Electron window, the local web server or the CLI. */
  readonly entryPoint: 'electron' | 'server' | 'cli';
  /** Where saved reports go when no dialog can ask (web server, CLI). */
  readonly reportsDir: string;
  /** True when the hardware comes from a saved profile instead of a live scan. */
  readonly hardwareFromFile: string | null;
  readonly modelCount: number;
}

export interface SaveReportRequest {
  readonly format: ReportFormat;
  readonly contextTokens: number;
  /** The settings the user sees in the model list, so the report says what the window says (defaults otherwise). */
  readonly kvCacheType?: KvCacheType | undefined;
  readonly runtime?: Runtime | undefined;
  /** llama.cpp backend; unset: the machine's default. */
  readonly backend?: Backend | undefined;
  readonly promptTokens?: number | undefined;
  readonly goal?: 'quality' | 'speed' | 'context' | undefined;
  /** PDF paper (default a4). */
  readonly paper?: PaperSize | undefined;
  /** Keep the user name, host name and home paths in the report (default: replaced, paths shortened to ~). */
  readonly includePrivate?: boolean | undefined;
  /** IANA time zone for the report's date (the browser's, when served); default: the zone of the process. */
  readonly timeZone?: string | undefined;
}

export interface SaveReportResult {
  /** Absolute path of the written file, or null when the user cancelled the save dialog. */
  readonly path: string | null;
  readonly bytes: number;
}

export interface SettingsView {
  readonly overrides: HardwareOverrides;
  /** Where the settings live. */
  readonly path: string;
  /** A message for the user, e.g. that a corrupt settings file was set aside. */
  readonly notice: string | null;
}
