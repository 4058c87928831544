/**
 * Run by `npm run build` after tsc: writes dist/report-templates.cjs, the report's templates
 * precompiled (report-templates.ts says why and when it is used).
 */
import { writeFileSync } from 'node:fs';
import { PRECOMPILED_REPORT_TEMPLATES, precompiledReportTemplatesModule, readReportTemplateTexts } from './report-templates.js';

writeFileSync(PRECOMPILED_REPORT_TEMPLATES, precompiledReportTemplatesModule(readReportTemplateTexts()));
