import { IRestIntegration } from '../integrations/integration';
import { RouteOptions } from '../rest/route-options';

/** What an operation of an imported OpenAPI document is bound to. */
export interface OperationBinding {
  /** The backend of the operation, e.g. `Integration.lambda(fn)`. */
  readonly integration: IRestIntegration;

  /**
   * Route options beyond what the document says (authorization, throttling,
   * caching, CORS); where both set the same option, these win.
   * @default - the document's operationId, summary, parameters, request body model, validator and response models only
   */
  readonly options?: RouteOptions;
}
