import type { MethodName, MethodParams, MethodResult } from '../../../src-preload/contract';

/** Main implements every contract method through this mapped type: a missing handler is a compile error. */
export type Handlers = {
  [M in MethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>> | MethodResult<M>;
};

/** A slice of the handlers, implemented by one domain module. */
export type HandlerGroup<M extends MethodName> = Pick<Handlers, M>;
