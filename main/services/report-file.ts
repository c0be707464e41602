import { hostname, homedir, userInfo } from 'node:os';
import type { HardwareProfile } from '../../app/domain/hardware';
import type { PaperSize, SaveReportRequest } from '../../app/domain/report';
import { buildReportData } from '../../app/report/build-data';
import { isTimeZone } from '../../app/report/local-time';
import { REPORT_MIME_TYPES, renderReport, reportFileName } from '../../app/report/render';
import { renderHtmlModel } from '../../app/report/render-html';
import type { LocalModelLine, PrivacyFacts } from '../../app/report/report-data';
import { buildReportModel } from '../../app/report/report-model';
import type { ReportModel } from '../../app/report/report-model';
import { renderPdf } from './report-pdf';

/** A rendered report, ready to write, print or send. */
export interface RenderedReport {
  /** The file name to suggest (no folder). */
  readonly name: string;
  readonly mime: string;
  readonly content: string | Uint8Array;
}

/** Draws a PDF; the default is pdfkit, the desktop app passes Chromium's printToPDF of the HTML report. */
export type PdfRenderer = (model: ReportModel, html: string, paper: PaperSize) => Promise<Uint8Array>;

export interface ReportFileDeps {
  readonly appName: string;
  readonly version: string;
  readonly now: () => Date;
  /** This process's time zone (used when the request names none, or an unknown one). */
  readonly timeZone?: () => string;
  /** The user's private facts that a shared report leaves out. */
  readonly privateFacts?: () => Omit<PrivacyFacts, 'includePrivate'>;
  readonly renderPdf?: PdfRenderer;
}

/** The home folder, user name and host name of this process; each null when the system will not say. */
export function localPrivateFacts(): Omit<PrivacyFacts, 'includePrivate'> {
  const safe = <T>(f: () => T): T | null => {
    try {
      return f();
    } catch {
      return null;
    }
  };
  return { homeDir: safe(homedir), userName: safe(() => userInfo().username), hostName: safe(hostname) };
}

export function processTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Renders the report a request asks for, in any format, from the profile and the pure estimator. */
export async function renderReportFile(
  profile: HardwareProfile,
  request: SaveReportRequest,
  localModels: readonly LocalModelLine[],
  deps: ReportFileDeps,
): Promise<RenderedReport> {
  const generatedAt = deps.now().toISOString();
  const zone = request.timeZone && isTimeZone(request.timeZone) ? request.timeZone : (deps.timeZone ?? processTimeZone)();
  const data = buildReportData(profile, request, {
    appName: deps.appName,
    appVersion: deps.version,
    generatedAt,
    timeZone: zone,
    localModels,
    privacy: { ...(deps.privateFacts ?? localPrivateFacts)(), includePrivate: request.includePrivate ?? false },
  });
  const name = reportFileName(generatedAt, request.format);
  const mime = REPORT_MIME_TYPES[request.format];
  if (request.format !== 'pdf') return { name, mime, content: renderReport(request.format, data) };
  const model = buildReportModel(data);
  const draw = deps.renderPdf ?? ((m: ReportModel, _html: string, paper: PaperSize) => renderPdf(m, paper));
  return { name, mime, content: await draw(model, renderHtmlModel(model), request.paper ?? 'a4') };
}
