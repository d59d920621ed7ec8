/** Options shared by both kinds of canary. */
export interface CanaryOptions {
  /** The share of the stage's requests the canary serves: 0.0 to 100.0 percent. */
  readonly percentTraffic: number;

  /**
   * Stage variables whose value differs in the canary.
   * @default - none
   */
  readonly variableOverrides?: { [name: string]: string };

  /**
   * Whether the canary's requests use the stage's cache.
   * @default false
   */
  readonly useStageCache?: boolean;
}

/** Options of `Canary.lambdaAlias()`. */
export interface LambdaAliasCanaryOptions extends CanaryOptions {
  /** The Lambda alias the canary's share of requests invokes (the `lambdaAlias` stage variable, overridden). */
  readonly lambdaAlias: string;
}

/** Options of `Canary.deployment()`. */
export interface DeploymentCanaryOptions extends CanaryOptions {
  /**
   * A label for the definition the stage serves to everyone else (e.g. `'v12'`):
   * 1 to 64 letters and digits. The stage's deployment of that definition is
   * kept until the label changes; change it to promote the canary.
   */
  readonly stableRelease: string;
}

/**
 * A canary release on a stage: a share of the stage's traffic sees a change
 * before everyone does. Promotion is a code change (see the README).
 */
export class Canary {
  /**
   * A new Lambda alias takes a share of traffic: the canary serves the stage's
   * own deployment with the `lambdaAlias` stage variable overridden, and the
   * alias gets its invoke permission.
   */
  public static lambdaAlias(options: LambdaAliasCanaryOptions): Canary {
    return new Canary(options, options.lambdaAlias);
  }

  /**
   * A change of the API definition takes a share of traffic: the stage keeps
   * serving the deployment labelled `stableRelease` and the canary serves the
   * current definition.
   */
  public static deployment(options: DeploymentCanaryOptions): Canary {
    return new Canary(options, undefined, options.stableRelease);
  }

  /** @internal */
  public readonly _options: CanaryOptions;
  /** @internal */
  public readonly _lambdaAlias?: string;
  /** @internal */
  public readonly _stableRelease?: string;

  private constructor(options: CanaryOptions, lambdaAlias?: string, stableRelease?: string) {
    this._options = options;
    this._lambdaAlias = lambdaAlias;
    this._stableRelease = stableRelease;
  }
}
