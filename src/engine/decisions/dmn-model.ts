/**
 * A DMN file as the engine keeps it once parsed: its decision requirements graph (DRG) with each decision's
 * logic compiled (FEEL expressions and unary tests), ready to evaluate any number of times. What it holds
 * follows what dmn-scala (Camunda's DMN engine) keeps, so that evaluation and audit read the same.
 */
import type { CompiledExpression } from '../feel';
import type { CompiledUnaryTests } from './unary-tests';

/** The hit policies DMN 1.3 defines (its XML spelling); UNORDERED is not among them. */
export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';

/** COLLECT's built-in aggregators. */
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

/** What Zeebe calls the decision's kind (EvaluatedDecision.decisionType). */
export type DecisionType = 'DECISION_TABLE' | 'LITERAL_EXPRESSION';

/** A FEEL expression of the model, as written (without a leading '=') and compiled. */
export interface DmnExpression {
  /** the XML element's id, when it has one */
  readonly id?: string;
  readonly text: string;
  readonly compiled: CompiledExpression;
}

export interface DecisionInput {
  readonly id: string;
  /** the input's label (what Zeebe reports as inputName, else the expression's text) */
  readonly label?: string;
  readonly inputExpression: DmnExpression;
  readonly typeRef?: string;
  /** the allowed values as written (`"a","b"`); dmn-scala does not check inputs against them */
  readonly inputValues?: string;
}

export interface DecisionOutput {
  readonly id: string;
  /** required when a table has several outputs: the key of the output's value in the result context */
  readonly name?: string;
  readonly label?: string;
  readonly typeRef?: string;
  /** the allowed values as written; PRIORITY and OUTPUT ORDER rank results by their order here */
  readonly outputValues?: string;
  /** the value when no rule matched */
  readonly defaultOutputEntry?: DmnExpression;
}

export interface DecisionRule {
  readonly id: string;
  /** 1-based position in the table (Zeebe's ruleIndex) */
  readonly index: number;
  /** one per input, in input order */
  readonly inputEntries: readonly CompiledUnaryTests[];
  /** one per output, in output order */
  readonly outputEntries: readonly DmnExpression[];
}

export interface DecisionTable {
  readonly type: 'DECISION_TABLE';
  readonly id?: string;
  readonly hitPolicy: HitPolicy;
  readonly aggregation?: Aggregation;
  readonly inputs: readonly DecisionInput[];
  readonly outputs: readonly DecisionOutput[];
  readonly rules: readonly DecisionRule[];
}

export interface LiteralExpression {
  readonly type: 'LITERAL_EXPRESSION';
  readonly id?: string;
  readonly expression: DmnExpression;
}

export type DecisionLogic = DecisionTable | LiteralExpression;

export interface ParsedDecision {
  readonly id: string;
  readonly name: string;
  /** `zeebe:versionTag` (or Camunda 7's `camunda:versionTag`), when set */
  readonly versionTag?: string;
  /** the decision's `variable` name, when it has one (Camunda Modeler writes one for literal expressions) */
  readonly variableName?: string;
  /** the name dependents read this decision's result under: its variable's name, else its id */
  readonly resultName: string;
  /** the variable's typeRef the result is checked against, when set */
  readonly resultType?: string;
  /** ids of the decisions this one requires, in document order */
  readonly requiredDecisionIds: readonly string[];
  readonly logic: DecisionLogic;
}

export interface DecisionRequirements {
  /** the definitions' id, name and namespace (Zeebe's decisionRequirementsId, name, namespace) */
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  /** in document order */
  readonly decisions: readonly ParsedDecision[];
  readonly decisionsById: ReadonlyMap<string, ParsedDecision>;
}
