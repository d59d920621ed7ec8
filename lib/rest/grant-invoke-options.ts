/** Options of `api.grantInvoke()`. */
export interface GrantInvokeOptions {
  /**
   * The stage the grant is for.
   * @default - every stage
   */
  readonly stage?: string;

  /**
   * The route the grant is for, e.g. `'GET /pets/{id}'`; path parameters match any value.
   * @default - every route
   */
  readonly route?: string;
}
