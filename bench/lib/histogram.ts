import hdr from 'hdr-histogram-js';

/** An HDR histogram of durations recorded in microseconds, read out in milliseconds. */
export class Histogram {
  private readonly hist = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  });

  record(micros: number) {
    this.hist.recordValue(Math.max(1, Math.round(micros)));
  }

  /** Records a duration given in milliseconds. */
  recordMs(ms: number) {
    this.record(ms * 1000);
  }

  get count(): number {
    return this.hist.totalCount;
  }

  /** Percentile in ms (NaN when empty). */
  ms(percentile: number): number {
    return this.count ? this.hist.getValueAtPercentile(percentile) / 1000 : NaN;
  }

  summary() {
    const round = (value: number) => Math.round(value * 1000) / 1000;
    return {
      count: this.count,
      p50: round(this.ms(50)),
      p90: round(this.ms(90)),
      p99: round(this.ms(99)),
      p999: round(this.ms(99.9)),
      max: round(this.count ? this.hist.maxValue / 1000 : NaN),
      mean: round(this.count ? this.hist.mean / 1000 : NaN),
    };
  }

  describe(): string {
    const s = this.summary();
    return `n=${s.count} p50=${s.p50}ms p99=${s.p99}ms max=${s.max}ms`;
  }
}
