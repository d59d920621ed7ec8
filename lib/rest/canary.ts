import { IConstruct } from 'constructs';

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
 * before everyone does. Implement it for a canary the library does not ship
 * (e.g. one whose share comes from a release tool); `Canary.*` returns the
 * library's own.
 */
export interface ICanary {
  /** Called once by the stage: returns the canary's settings, which the stage checks. */
  bind(options: CanaryBindOptions): CanaryConfig;
}

/** What a stage tells its canary. */
export interface CanaryBindOptions {
  /** The stage construct: errors name it. */
  readonly scope: IConstruct;
}

/** The canary settings of a stage. */
export interface CanaryConfig extends CanaryOptions {
  /**
   * The Lambda alias the canary's requests invoke: the `lambdaAlias` stage
   * variable, overridden for the canary (the alias gets its invoke permission).
   * @default - the canary invokes the stage's alias
   */
  readonly lambdaAlias?: string;

  /**
   * The label of the definition the stage serves to everyone else: the stage
   * keeps that deployment, and the canary serves the current definition.
   * @default - the canary serves the stage's own deployment
   */
  readonly stableRelease?: string;
}

/**
 * Canary releases on a stage. Promotion is a code change (see the README).
 */
export class Canary {
  /**
   * A new Lambda alias takes a share of traffic: the canary serves the stage's
   * own deployment with the `lambdaAlias` stage variable overridden, and the
   * alias gets its invoke permission.
   */
  public static lambdaAlias(options: LambdaAliasCanaryOptions): ICanary {
    return new BuiltInCanary(options, { lambdaAlias: options.lambdaAlias });
  }

  /**
   * A change of the API definition takes a share of traffic: the stage keeps
   * serving the deployment labelled `stableRelease` and the canary serves the
   * current definition.
   */
  public static deployment(options: DeploymentCanaryOptions): ICanary {
    return new BuiltInCanary(options, { stableRelease: options.stableRelease });
  }

  private constructor() {}
}

/** A canary of the library's: its options, as given. */
class BuiltInCanary implements ICanary {
  constructor(private readonly options: CanaryOptions, private readonly target: Pick<CanaryConfig, 'lambdaAlias' | 'stableRelease'>) {}

  public bind(_options: CanaryBindOptions): CanaryConfig {
    const { percentTraffic, variableOverrides, useStageCache } = this.options;
    return { percentTraffic, variableOverrides, useStageCache, ...this.target };
  }
}
