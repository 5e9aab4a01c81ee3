/** Where a dataset comes from. One loader per family accepts all three. */
export type DataSource =
  /** A folder in the family's official file layout (e.g. glue_data/<TASK>/train.tsv). */
  | { kind: 'folder'; dir: string }
  /** The Hugging Face hub (parquet or JSON files), downloaded once into the cache and reused offline. */
  | { kind: 'hub'; repo?: string; revision?: string; hubUrl?: string; cacheDir?: string }
  /** A seeded synthetic suite in the family's shape; every description says "demo data". */
  | { kind: 'demo'; seed?: number; size?: number };

/** The words every report built on demo data must carry in its title. */
export const DEMO_LABEL = 'demo data';

/** A one-line description of a source, for report headers ("demo data (seeded grammar, seed 0)"). */
export function describeSource(source: DataSource, defaults: { repo?: string; revision?: string } = {}): string {
  switch (source.kind) {
    case 'folder':
      return `folder ${source.dir}`;
    case 'hub':
      return `hub ${source.repo ?? defaults.repo ?? '?'}@${source.revision ?? defaults.revision ?? 'main'}`;
    case 'demo':
      return `${DEMO_LABEL} (seeded grammar, seed ${source.seed ?? 0})`;
  }
}
