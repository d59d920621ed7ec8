import * as logs from 'aws-cdk-lib/aws-logs';
import { ThrottleSettings } from '../core/throttle';

/** A stage of a `GatewayHttpApi`, deployed automatically on every change. */
export interface HttpStageOptions {
  /**
   * The stage name; `$default` serves the API at the root of its URL.
   */
  readonly name: string;

  /**
   * Throttling of every route in the stage.
   * @default { rateLimit: 1000, burstLimit: 500 }
   */
  readonly throttle?: ThrottleSettings;

  /**
   * How long the JSON access logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly accessLogRetention?: logs.RetentionDays;
}
