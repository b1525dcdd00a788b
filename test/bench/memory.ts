/** Samples this process's memory (the bench runs the worker in-process) and keeps the peaks. */
export function sampleMemory(everyMs = 100) {
  const peak = { rssBytes: 0, heapUsedBytes: 0 };
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    peak.rssBytes = Math.max(peak.rssBytes, rss);
    peak.heapUsedBytes = Math.max(peak.heapUsedBytes, heapUsed);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

export const mebibytes = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
