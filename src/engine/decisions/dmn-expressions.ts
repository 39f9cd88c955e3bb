/**
 * Compiles the FEEL of a DMN file while it is parsed, collecting what does not compile in dmn-scala's words
 * ("FEEL expression: ...", "FEEL unary-tests: ...", "Expression language 'x' is not supported", "The
 * expression 'id' must not be empty.") instead of stopping at the first: Zeebe reports all of a file's
 * failures at once. Like dmn-scala, a text is compiled (and a failure of it reported) once per file.
 */
import { compileExpression, FeelSyntaxError } from '../feel';
import type { DmnExpression } from './dmn-model';
import type { DmnElement } from './read-dmn';
import { type CompiledUnaryTests, compileUnaryTests } from './unary-tests';

/** The expression languages dmn-scala accepts as FEEL (compared lower-cased): FEEL 1.1 to 1.5's namespaces. */
const FEEL_LANGUAGES = new Set([
  'feel',
  'http://www.omg.org/spec/feel/20140401',
  'http://www.omg.org/spec/dmn/20180521/feel/',
  'https://www.omg.org/spec/dmn/20191111/feel/',
  'https://www.omg.org/spec/dmn/20211108/feel/',
  'https://www.omg.org/spec/dmn/20230324/feel/',
]);

/** feel-scala's words for an empty expression, which FEEL's grammar does not allow. */
const EMPTY_EXPRESSION = 'Expected (ifOp | forOp | quantifiedOp | disjunction):1:1, found ""';

/** Stands in for an expression that did not compile: the file is refused, so it is never evaluated. */
const NOT_COMPILED = compileExpression('=null');

export class DmnExpressions {
  /** what did not compile, in document order */
  readonly failures: string[] = [];
  private readonly expressions = new Map<string, DmnExpression>();
  private readonly unaryTests = new Map<string, CompiledUnaryTests>();

  /** A literal expression element (input expression, output entry, default output, decision logic). */
  expression(element: DmnElement): DmnExpression {
    const id: string | undefined = element?.id;
    const text: string | undefined = element?.text;
    if (typeof text !== 'string') return this.failed(`The expression '${id ?? null}' must not be empty.`, id, '');
    const language = languageFailure(element);
    if (language) return this.failed(language, id, text);
    const known = this.expressions.get(text);
    if (known) return known.id === id ? known : { ...known, id };
    let compiled = NOT_COMPILED;
    try {
      if (text.trim() === '')
        throw new FeelSyntaxError(text, `failed to parse expression '${text}': ${EMPTY_EXPRESSION}`);
      compiled = compileExpression(`=${text}`);
    } catch (err) {
      this.failures.push(`FEEL expression: ${(err as Error).message}`);
    }
    const expression: DmnExpression = { id, text, compiled };
    this.expressions.set(text, expression);
    return expression;
  }

  /** A rule's input entry. */
  inputEntry(element: DmnElement): CompiledUnaryTests {
    const text: string = typeof element?.text === 'string' ? element.text : '';
    const language = languageFailure(element);
    if (language) {
      this.failures.push(language);
      return compileUnaryTests('');
    }
    const known = this.unaryTests.get(text);
    if (known) return known;
    let compiled: CompiledUnaryTests;
    try {
      compiled = compileUnaryTests(text);
    } catch (err) {
      this.failures.push(`FEEL unary-tests: ${(err as Error).message}`);
      compiled = compileUnaryTests('');
    }
    this.unaryTests.set(text, compiled);
    return compiled;
  }

  private failed(message: string, id: string | undefined, text: string): DmnExpression {
    this.failures.push(message);
    return { id, text, compiled: NOT_COMPILED };
  }
}

function languageFailure(element: DmnElement): string | undefined {
  const language = String(element?.expressionLanguage ?? 'feel').toLowerCase();
  return FEEL_LANGUAGES.has(language) ? undefined : `Expression language '${language}' is not supported`;
}
