export { meteor, meteorSegmentStats, meteorFromStats, type MeteorStats } from './scorer.ts';
export { meteorNormalize } from './normalize.ts';
export { align, type Alignment } from './aligner.ts';
