/** PaFi config: the selective options only (budget, targets, masking). */
import { selectiveConfigSchema, type SelectiveConfig } from '@peftbench/selective';

export const pafiConfigSchema = selectiveConfigSchema;
export type PafiConfig = SelectiveConfig;
