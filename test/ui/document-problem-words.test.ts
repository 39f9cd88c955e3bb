/**
 * The engine's reasons for refusing a decision or form, as the modeler's problems panel words them: the
 * expression that does not parse, the missing required decision, the form's missing id; a reason nothing
 * knows keeps the engine's words without the file name in front.
 */
import { documentProblemWords } from '../../modeler-ui/src/models/document-problem-words';

describe('decision and form problems in plain words', () => {
  test('a FEEL expression that does not parse names the expression', () => {
    expect(
      documentProblemWords(
        "'carrier.dmn': FEEL expression: failed to parse expression '\"a\" +': Incomplete <ArithmeticExpression> at the end (position 5)",
      ),
    ).toBe(
      'The expression ""a" +" is not valid FEEL (Incomplete <ArithmeticExpression> at the end (position 5)): check it for a typo.',
    );
  });

  test('an input entry that does not parse is a condition to rewrite; a missing required decision is named', () => {
    expect(documentProblemWords("'r.dmn': FEEL unary-tests: failed to parse expression '<<': Expected …")).toMatch(
      /^The input entry "<<" is not a valid condition/,
    );
    expect(documentProblemWords("'r.dmn': Unable to find a model element instance for id limit")).toBe(
      'A decision requires "limit", which is not in this file: add it or remove the requirement.',
    );
  });

  test('a form without an id: give it one', () => {
    expect(
      documentProblemWords(
        "the form needs an id (what a user task's form links to): Expected the form id to be present, but none given",
      ),
    ).toBe('Give the form an id (in its properties): a user task links to the form by this id.');
  });

  test('an unknown reason keeps the engine words, without the file name', () => {
    expect(documentProblemWords("'rates.dmn': something else went wrong")).toBe('something else went wrong');
  });
});
