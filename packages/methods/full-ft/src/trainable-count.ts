/** A trainable-parameter count split the way papers report it. */
export interface TrainableCount {
  /** What the method itself trains (the papers' "# Trainable Parameters" for PEFT methods). */
  method: number;
  /** The task head trained alongside it (classification heads; PEFT papers leave it out). */
  head: number;
  /** method + head: what `model.params.countTrainable()` reports after `apply`. */
  total: number;
}

export function trainableCount(method: number, head: number): TrainableCount {
  return { method, head, total: method + head };
}
