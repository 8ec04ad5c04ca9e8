/** Walks `error`, its `cause` chain and `AggregateError.errors`, breadth first, a bounded number of nodes. */
export function* errorChain(error: unknown): Generator<unknown> {
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  while (queue.length > 0 && seen.size < 16) {
    const current = queue.shift();
    if (current === undefined || current === null || seen.has(current)) continue;
    seen.add(current);
    yield current;
    if (typeof current === "object") {
      const cause = (current as { cause?: unknown }).cause;
      if (cause !== undefined) queue.push(cause);
      const errors = (current as { errors?: unknown }).errors;
      if (Array.isArray(errors)) queue.push(...errors);
    }
  }
}
