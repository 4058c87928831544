export { buildReport, renderJson, REPORT_SCHEMA_VERSION, type ArchiveSummary, type Report, type ReportInput } from './report.js';
export { renderHtml } from './render-html.js';
export { renderCatalogJson, renderCatalogText } from './render-catalog.js';
