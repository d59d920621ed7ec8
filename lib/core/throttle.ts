/** Steady-state rate and burst limits. */
export interface ThrottleSettings {
  /**
   * Steady-state requests per second.
   * @default - the account's limit (10,000 rps in most regions)
   */
  readonly rateLimit?: number;
  /**
   * Maximum concurrent requests (bucket size).
   * @default - the account's limit (5,000 in most regions)
   */
  readonly burstLimit?: number;
}

/** The stage-wide throttle when none is given: a tenth of the usual account limit, so one API cannot starve the others. */
export const DEFAULT_STAGE_THROTTLE: Required<ThrottleSettings> = { rateLimit: 1000, burstLimit: 500 };
