/**
 * What the reports know about methods comes from the method packages (PeftMethod's `label`, `paperNames`,
 * `order`, `configSchema`), handed in as a list: `@peftbench/discovery` in the CLI, hand-made lists in tests.
 * No method name is written in reports/src.
 */
export interface MethodInfo {
  name: string;
  /** Row label in tables (default: name). */
  label?: string;
  /** Row labels the seed papers print for this method, tried in order when matching a paper row. */
  paperNames?: string[];
  /** Table order (lower first; default 100, then by name). */
  order?: number;
  /** Fills a run's config defaults so that config-keyed rows match runs that left a field at its default. */
  configSchema?: { safeParse(value: unknown): { success: boolean; data?: unknown } };
}

export function methodInfo(methods: readonly MethodInfo[], name: string): MethodInfo | undefined {
  return methods.find((m) => m.name === name);
}

export function methodLabel(methods: readonly MethodInfo[], name: string): string {
  return methodInfo(methods, name)?.label ?? name;
}

/** Names in table order: known methods by `order` then name, unknown ones after them by name. */
export function sortMethods(methods: readonly MethodInfo[], names: Iterable<string>): string[] {
  const order = (n: string) => methodInfo(methods, n)?.order ?? (methodInfo(methods, n) ? 100 : 1000);
  return [...new Set(names)].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

/** Paper row labels that stand for a method: its paperNames, else its label, else its name. */
export function paperNamesOf(methods: readonly MethodInfo[], name: string): string[] {
  const m = methodInfo(methods, name);
  return m?.paperNames?.length ? m.paperNames : [m?.label ?? name];
}

/** The method whose paperNames include a paper's row label (e.g. 'Full-FT'); undefined when none does. */
export function methodForPaperName(methods: readonly MethodInfo[], paperName: string): MethodInfo | undefined {
  return methods.find((m) => (m.paperNames ?? [m.label ?? m.name]).includes(paperName));
}

/** A run's method config with the method's defaults filled in (raw config when the schema refuses it). */
export function resolvedConfig(methods: readonly MethodInfo[], name: string, config: Record<string, unknown>): Record<string, unknown> {
  const schema = methodInfo(methods, name)?.configSchema;
  if (!schema) return config;
  const parsed = schema.safeParse(config);
  return parsed.success && parsed.data && typeof parsed.data === 'object' ? (parsed.data as Record<string, unknown>) : config;
}

/**
 * The methods of this installation, from @peftbench/discovery (imported lazily: it loads every method
 * package). Empty, with the reason, when discovery is unavailable: tables then label rows by method name.
 */
export async function discoverMethodInfo(): Promise<{ methods: MethodInfo[]; warning?: string }> {
  try {
    const spec = '@peftbench/discovery';
    const mod = (await import(spec)) as { loadMethods?: () => Promise<MethodInfo[]>; discoverMethods?: () => Promise<MethodInfo[]> | MethodInfo[] };
    const load = mod.loadMethods ?? mod.discoverMethods;
    if (!load) return { methods: [], warning: '@peftbench/discovery exports neither loadMethods nor discoverMethods; rows are labelled by method name' };
    return { methods: await load() };
  } catch (err) {
    return { methods: [], warning: `method packages not discovered (${(err as Error).message.split('\n')[0]}); rows are labelled by method name` };
  }
}
