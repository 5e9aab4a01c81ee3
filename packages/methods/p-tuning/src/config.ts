/** P-tuning (v1) options (Liu et al. 2021, "GPT Understands, Too"). */
import { z } from 'zod';

export const pTuningConfigSchema = z
  .object({
    numVirtualTokens: z
      .number()
      .int()
      .min(1)
      .default(20)
      .describe('Virtual (prompt) tokens P (HF num_virtual_tokens), prepended to the input. The paper varies its template per task; 20 as in HF PEFT\'s P-tuning examples.'),
    encoderReparameterizationType: z
      .enum(['LSTM', 'MLP'])
      .default('LSTM')
      .describe(
        "Prompt encoder (HF encoder_reparameterization_type). 'LSTM' (the paper, §3.2): h_i = MLP([LSTM→(h_0:i) ; LSTM←(h_i:P)]), a bidirectional LSTM + Linear·ReLU·Linear. " +
          "'MLP' (HF PEFT's default): Linear·ReLU·Linear·ReLU·Linear.",
      ),
    encoderHiddenSize: z.number().int().positive().nullable().default(null).describe('Prompt encoder hidden size (HF encoder_hidden_size); null = the model\'s hidden size (HF\'s default).'),
    encoderNumLayers: z.number().int().min(1).default(2).describe('LSTM layers (HF encoder_num_layers, default 2); the MLP always has 3 Linear layers (HF ignores this field for MLP).'),
    encoderDropout: z.number().min(0).lt(1).default(0).describe('Dropout between LSTM layers during training (HF encoder_dropout, torch LSTM dropout).'),
    inferenceMode: z
      .boolean()
      .default(false)
      .describe('HF inference_mode: hold the encoder\'s output [P, d] directly (what a saved adapter holds; set by loadPTuningAdapter).'),
  })
  .strict();

export type PTuningConfig = z.infer<typeof pTuningConfigSchema>;
