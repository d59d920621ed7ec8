import { createHash } from 'crypto';

/**
 * The part of a Deployment's logical id that changes exactly when what the
 * deployment snapshots does, as aws-cdk's `Deployment.addToLogicalId`: each
 * part of the API that a deployment captures adds a named contribution, and
 * the id hashes them all, in the order they were added.
 *
 * A contribution is produced when the id is computed (at synth, once the model
 * is complete); it must be plain JSON with tokens already resolved, and
 * `undefined` contributes nothing.
 */
export class DeploymentLogicalId {
  private readonly contributions = new Map<string, () => unknown>();

  /** Adds a named contribution; adding a name again replaces its producer (it keeps its place). */
  public add(name: string, produce: () => unknown): void {
    this.contributions.set(name, produce);
  }

  /** The contributions, by name, as they are hashed. */
  public produce(): Record<string, unknown> {
    return Object.fromEntries([...this.contributions].map(([name, produce]) => [name, produce()]));
  }

  /** Ten upper-case hex digits of the SHA-256 of the contributions' JSON. */
  public hash(): string {
    return createHash('sha256').update(JSON.stringify(this.produce())).digest('hex').slice(0, 10).toUpperCase();
  }
}
