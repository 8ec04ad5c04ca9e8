import type { TestStep } from "../result/test-result.js";

/** Records the named steps of one test, including those still running when the test ends. */
export class StepRecorder {
  readonly #steps: TestStep[] = [];
  readonly #running = new Map<number, { name: string; startedAt: number }>();
  #nextId = 0;
  #closed = false;
  /** The step an error escaped from, so the result can name the failing step. */
  #failedStepOf: WeakMap<object, string> | undefined; // created by the first failure: most tests have none

  /** Runs `run` as a named step. */
  async run<T>(name: string, run: () => Promise<T> | T): Promise<T> {
    const id = this.#nextId++;
    const startedAt = performance.now();
    this.#running.set(id, { name, startedAt });
    try {
      const value = await run();
      this.#finish(id, { name, ok: true, duration_ms: elapsed(startedAt) });
      return value;
    } catch (error) {
      this.#finish(id, { name, ok: false, duration_ms: elapsed(startedAt) });
      if (typeof error === "object" && error !== null) {
        this.#failedStepOf ??= new WeakMap();
        if (!this.#failedStepOf.has(error)) this.#failedStepOf.set(error, name);
      }
      throw error;
    }
  }

  /** The innermost step `error` escaped from, if any. */
  failedStepOf(error: unknown): string | undefined {
    return typeof error === "object" && error !== null ? this.#failedStepOf?.get(error) : undefined;
  }

  /**
   * Freezes the record: steps still running are reported as failed with `unfinishedMessage`, and steps
   * that finish later (after a timeout) no longer change the result.
   */
  close(unfinishedMessage: string): TestStep[] {
    if (!this.#closed) {
      this.#closed = true;
      for (const { name, startedAt } of this.#running.values()) {
        this.#steps.push({ name, ok: false, duration_ms: elapsed(startedAt), message: unfinishedMessage });
      }
      this.#running.clear();
    }
    return this.#steps.map((step) => ({ ...step }));
  }

  #finish(id: number, step: TestStep): void {
    this.#running.delete(id);
    if (!this.#closed) this.#steps.push(step);
  }
}

function elapsed(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}
