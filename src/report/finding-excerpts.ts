/**
 * Evidence a support engineer can read without opening the bundle: where a finding points at a
 * line the model kept (a kernel signal, a service message), the line itself is filled in as the
 * evidence excerpt. Rules that set their own excerpt keep it; lines the model did not keep (the
 * rows of a kernel OOM report) stay as file and line only.
 */
import type { NodeModel } from '../model/index.js';
import { excerpt, type Finding } from '../rules/index.js';

export function withExcerpts(findings: readonly Finding[], model: Pick<NodeModel, 'kernelSignals' | 'serviceEvents'>): Finding[] {
  const lines = new Map<string, string>();
  for (const { signal } of model.kernelSignals) lines.set(`${signal.file}:${signal.line}`, signal.excerpt);
  for (const event of model.serviceEvents) lines.set(`${event.evidence.file}:${event.evidence.line}`, event.text);
  return findings.map((finding) => ({
    ...finding,
    evidence: finding.evidence.map((item) => {
      if (item.excerpt || item.line === null) return item;
      const text = lines.get(`${item.path}:${item.line}`);
      return text === undefined ? item : { ...item, excerpt: excerpt(text) };
    }),
  }));
}
