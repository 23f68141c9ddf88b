import { Writable } from 'node:stream';
import pino, { type Level, type Logger } from 'pino';

/** A logger for a server under test that keeps every line it writes, for tests that read the log. */
export class CapturedLog {
  readonly lines: string[] = [];
  readonly logger: Logger;

  constructor(level: Level) {
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        for (const line of chunk.toString().split('\n')) if (line) this.lines.push(line);
        done();
      },
    });
    this.logger = pino({ level }, sink);
  }

  /** Lines logged so far with this message; at debug level each SQL statement logs one "query". */
  count(message: string): number {
    const needle = `"msg":${JSON.stringify(message)}`;
    return this.lines.filter((line) => line.includes(needle)).length;
  }
}
