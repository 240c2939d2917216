import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** Defaults to stderr, so that stdout stays for a command's own output. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino({ level: options.level, base: undefined }, options.destination ?? pino.destination(2));
}
