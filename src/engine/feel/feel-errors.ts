/** Errors of FEEL expressions: a syntax error found when a model is deployed, a failure while evaluating. */

/** The expression cannot be parsed; `expression` is the source as written in the BPMN. */
export class FeelSyntaxError extends Error {
  constructor(
    readonly expression: string,
    message: string,
    readonly position?: { from: number; to: number },
  ) {
    super(message);
    this.name = 'FeelSyntaxError';
  }
}

/** Evaluation failed (assert() not fulfilled, or the interpreter gave up); `expression` is the source as written. */
export class FeelEvaluationError extends Error {
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(message);
    this.name = 'FeelEvaluationError';
  }
}
