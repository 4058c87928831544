/** The next three commands: the member findings' own, the first of each in chain order, then the second … */
import type { SuggestedCommand } from '../rules/index.js';
import type { Finding } from '../rules/index.js';

export const NEXT_STEPS = 3;

export function nextStepsOf(findings: readonly Finding[]): SuggestedCommand[] {
  const picked: SuggestedCommand[] = [];
  const seen = new Set<string>();
  const rounds = Math.max(0, ...findings.map((finding) => finding.commands.length));
  for (let round = 0; round < rounds && picked.length < NEXT_STEPS; round += 1) {
    for (const finding of findings) {
      const command = finding.commands[round];
      if (!command || seen.has(command.command)) continue;
      seen.add(command.command);
      picked.push(command);
      if (picked.length === NEXT_STEPS) break;
    }
  }
  return picked;
}
