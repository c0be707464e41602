import type { ReportFormat, TextReportFormat } from '../domain/report';
import { buildReportModel } from './report-model';
import type { ReportData } from './report-data';
import { renderHtmlModel } from './render-html';
import { renderJsonModel } from './render-json';
import { renderMarkdownModel } from './render-markdown';

export { FIT_LABELS } from './fit-style';

export function renderMarkdown(d: ReportData): string {
  return renderMarkdownModel(buildReportModel(d));
}

export function renderHtml(d: ReportData): string {
  return renderHtmlModel(buildReportModel(d));
}

export function renderJson(d: ReportData): string {
  return renderJsonModel(d, buildReportModel(d));
}

/** Markdown, HTML or JSON from the one report model (PDF is drawn in main from the same model). */
export function renderReport(format: TextReportFormat, d: ReportData): string {
  switch (format) {
    case 'markdown':
      return renderMarkdown(d);
    case 'html':
      return renderHtml(d);
    case 'json':
      return renderJson(d);
  }
}

export const REPORT_EXTENSIONS: Readonly<Record<ReportFormat, string>> = { markdown: 'md', html: 'html', json: 'json', pdf: 'pdf' };

export const REPORT_MIME_TYPES: Readonly<Record<ReportFormat, string>> = {
  markdown: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
};

/**
 * The file name a report is saved under: the app, the local date and time (no colons: Windows forbids them).
 *
 * @example reportFileName('2026-11-28T12:00:00.000Z', 'pdf') // 'llm-sizer-report-2026-11-28T12-00-00-000Z.pdf'
 */
export function reportFileName(generatedAt: string, format: ReportFormat): string {
  return `llm-sizer-report-${generatedAt.replace(/[:.]/g, '-')}.${REPORT_EXTENSIONS[format]}`;
}
