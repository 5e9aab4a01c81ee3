import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { InputError } from '@peftbench/util';

/**
 * Read every row of a parquet file as plain objects (column name → value), through hyparquet.
 * hyparquet decodes snappy (the codec of the hub's parquet exports) itself; other codecs would need
 * hyparquet-compressors. INT64 columns come back as BigInt.
 */
export async function readParquet(path: string, opts: { columns?: string[] } = {}): Promise<Record<string, unknown>[]> {
  let file;
  try {
    file = await asyncBufferFromFile(path);
  } catch (err) {
    throw new InputError(`${path}: cannot read parquet file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return await parquetReadObjects({ file, columns: opts.columns });
  } catch (err) {
    throw new InputError(`${path}: not a readable parquet file (${(err as Error).message})`);
  }
}
