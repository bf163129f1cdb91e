/** What the emulators log: pino's (or console's) shape, narrowed to what is used. */
export interface SandboxLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: SandboxLogger = { info() {}, warn() {}, error() {} };
