/**
 * `qkdctl start`: releases an operator's stop on a running node. Generation
 * resumes unless a safety condition (interlock, laser off, temperature, a
 * saturated detector, a count rate) still holds it; the output then says
 * which. Idempotent.
 */
import type { GenerationChangeJson } from '../../api/control/index.ts';
import { parseCommand, type QkdctlCommand } from './command.ts';
import { controlRequest, controlTarget, TARGET_OPTIONS, TARGET_USAGE } from './control-client.ts';

export function formatGeneration(answer: GenerationChangeJson, changedText: string, unchangedText: string): string {
  const head = answer.changed ? changedText : unchangedText;
  if (answer.generation.running) return `${head}; key generation is running`;
  return `${head}; key generation is still held by ${answer.generation.holds.map((h) => `${h.reason} (${h.detail})`).join(', ')}`;
}

export const startCommand: QkdctlCommand = {
  name: 'start',
  summary: "resume key generation on a running node (release an operator's stop)",
  async run(argv) {
    const parsed = parseCommand(argv, 'start', TARGET_USAGE, TARGET_OPTIONS);
    if (!parsed) return 0;
    const answer = await controlRequest<GenerationChangeJson>(controlTarget(parsed.values), 'POST', '/generation/start', {});
    parsed.io.result(formatGeneration(answer, "operator's stop released", 'no operator stop to release'), answer);
    return 0;
  },
};
