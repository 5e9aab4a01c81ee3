/**
 * The LLM-Adapters prompt template, byte for byte (finetune.py / evaluate.py `generate_prompt`): the
 * authors' Python triple-quoted f-string keeps its source indentation (16 spaces), the blank lines made
 * of those 16 spaces, and even the "  # noqa: E501" comment that sits inside the string.
 */
const INDENT = ' '.repeat(16);
const HEAD_WITH_INPUT =
  'Below is an instruction that describes a task, paired with an input that provides further context. Write a response that appropriately completes the request.  # noqa: E501';
const HEAD_NO_INPUT = 'Below is an instruction that describes a task. Write a response that appropriately completes the request.  # noqa: E501';

/** Python truthiness of `data_point["input"]`: an empty string selects the no-input template. */
export function mathPrompt(instruction: string, input: string | undefined, output: string): string {
  if (input) {
    return (
      `${HEAD_WITH_INPUT}\n\n${INDENT}### Instruction:\n${INDENT}${instruction}\n${INDENT}\n` +
      `${INDENT}### Input:\n${INDENT}${input}\n${INDENT}\n${INDENT}### Response:\n${INDENT}${output}`
    );
  }
  return `${HEAD_NO_INPUT}\n\n${INDENT}### Instruction:\n${INDENT}${instruction}\n${INDENT}\n${INDENT}### Response:\n${INDENT}${output}`;
}

/** Training text: the full prompt with the response (finetune.py). */
export function mathTrainPrompt(r: { instruction: string; input: string; output: string }): string {
  return mathPrompt(r.instruction, r.input, r.output);
}

/**
 * Evaluation prompt (evaluate.py): the authors call `evaluate(instruction)` with no input, so the
 * no-input template is used even when a record has one; the text ends after "### Response:\n" + indent.
 */
export function mathEvalPrompt(instruction: string): string {
  return mathPrompt(instruction, undefined, '');
}

/** The model's answer text: what follows "### Response:" in the decoded output, trimmed (evaluate.py). */
export function responseOf(decoded: string): string {
  const parts = decoded.split('### Response:');
  return (parts[1] ?? '').trim();
}
