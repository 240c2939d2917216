/** A progress bar on stderr for long transfers, shown only to a person at a terminal. */
import { Transform } from 'node:stream';
import cliProgress from 'cli-progress';

const WORTH_A_BAR = 8 * 1024 * 1024;

/** A pass-through stream that advances a bar; a no-op when stderr is not a terminal or the file is small. */
export function progressMeter(total: number | undefined, label: string): Transform {
  const show = process.stderr.isTTY && (total === undefined || total >= WORTH_A_BAR);
  const bar = show
    ? new cliProgress.SingleBar(
        { format: `${label} [{bar}] {percentage}% | {value}/{total} MiB | {speed} MiB/s`, stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const started = Date.now();
  let done = 0;
  const mib = (n: number) => Math.round(n / 1048576);
  bar?.start(mib(total ?? 0), 0, { speed: '0' });
  return new Transform({
    transform(chunk: Buffer, _enc, callback) {
      done += chunk.length;
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      bar?.update(mib(done), { speed: (done / 1048576 / seconds).toFixed(1) });
      callback(null, chunk);
    },
    flush(callback) {
      bar?.stop();
      callback();
    },
  });
}
