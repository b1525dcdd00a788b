export interface MemorySample {
  rssBytes: number;
  heapUsedBytes: number;
}

/**
 * Samples this process's memory (the bench runs the worker in-process) every `everyMs`; `stop` gives
 * the first sample and the peaks (each on its own: RSS and heap need not peak at the same instant).
 */
export function sampleMemory(everyMs = 100) {
  const read = (): MemorySample => {
    const { rss, heapUsed } = process.memoryUsage();
    return { rssBytes: rss, heapUsedBytes: heapUsed };
  };
  const start = read();
  const peak = { ...start };
  const sample = () => {
    const now = read();
    peak.rssBytes = Math.max(peak.rssBytes, now.rssBytes);
    peak.heapUsedBytes = Math.max(peak.heapUsedBytes, now.heapUsedBytes);
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop(): { start: MemorySample; peak: MemorySample } {
      clearInterval(timer);
      sample();
      return { start, peak };
    },
  };
}

export const mebibytes = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
