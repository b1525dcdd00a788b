/**
 * Stop steps recorded as each part starts, run newest first. Each step is bounded and its failure
 * only reported, so one stuck part cannot keep the dev server running or the database in place.
 */
export class Teardown {
  readonly #steps: { name: string; run: () => Promise<unknown> }[] = [];
  #done: Promise<void> | null = null;

  constructor(
    /** Once aborted (Ctrl-C, a dead worker), setup stops at its next `add`, right after recording that part's stop. */
    private readonly stopping: AbortSignal,
    private readonly stepTimeoutMs = 30_000,
  ) {}

  add(name: string, run: () => Promise<unknown>): void {
    this.#steps.push({ name, run });
    this.stopping.throwIfAborted();
  }

  /** Runs once however often it is called (a signal may arrive while the run is already stopping). */
  run(): Promise<void> {
    this.#done ??= this.#runSteps();
    return this.#done;
  }

  async #runSteps(): Promise<void> {
    for (const step of this.#steps.reverse()) {
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`gave up after ${this.stepTimeoutMs / 1000} s`)),
          this.stepTimeoutMs,
        );
      });
      try {
        await Promise.race([step.run(), expired]);
      } catch (error) {
        console.error(`bench: could not ${step.name}:`, error instanceof Error ? error.message : error);
      } finally {
        clearTimeout(timer);
      }
    }
  }
}
