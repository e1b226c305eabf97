/**
 * Typed errors a caller can catch. Every error Keel raises on bad input is a KeelError with a
 * stable `code` and a message that names the field, line or value and says what is allowed, so the
 * CLI can print it as one line instead of a stack trace.
 */
export class KeelError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A configuration value is missing, of the wrong type or outside its allowed range. */
export class ConfigError extends KeelError {
  /** Dotted path of the offending field, e.g. `policy.band.min`. */
  readonly field: string;
  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super('CONFIG', field ? `${field}: ${message}` : message, options);
    this.field = field;
  }
}

/** A data file (CSV price history, ...) cannot be read or has a bad row. */
export class DataError extends KeelError {
  readonly file: string;
  /** 1-based line number, or 0 when the problem is not tied to one line. */
  readonly line: number;
  constructor(file: string, line: number, message: string, options?: { cause?: unknown }) {
    super('DATA', line > 0 ? `${file}:${line}: ${message}` : `${file}: ${message}`, options);
    this.file = file;
    this.line = line;
  }
}

/** A command-line flag or argument is invalid. */
export class UsageError extends KeelError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** A model parameter makes the model meaningless (negative volatility, non-positive definite correlation, ...). */
export class ModelError extends KeelError {
  constructor(message: string) {
    super('MODEL', message);
  }
}

/** A venue refused or could not fill a trade. Simulations usually record this instead of throwing. */
export class VenueError extends KeelError {
  constructor(message: string) {
    super('VENUE', message);
  }
}

/** An on-chain rule was violated (Uniswap's require() checks); `reason` mirrors the contract's revert string. */
export class ChainMathError extends KeelError {
  readonly reason: string;
  constructor(reason: string, message?: string) {
    super('CHAIN_MATH', message ?? reason);
    this.reason = reason;
  }
}

/** Throws a ConfigError unless `ok`. For checks that zod schemas cannot express (cross-field rules). */
export function requireConfig(ok: boolean, field: string, message: string): asserts ok {
  if (!ok) throw new ConfigError(field, message);
}

/**
 * A pool parameter or trade breaks one of the pool's documented limits (Balancer's weight, ratio
 * and fee bounds). `limit` names the limit (e.g. `MAX_IN_RATIO`); `reason` is the contract's error
 * code (`BAL#304`).
 */
export class PoolLimitError extends ChainMathError {
  readonly limit: string;
  constructor(limit: string, reason: string, message: string) {
    super(reason, message);
    this.limit = limit;
  }
}
