/**
 * The engine's reasons for refusing a decision or form, in the words of the person editing it: which
 * expression does not parse, which required decision is missing, that a form needs an id. A reason nothing
 * here knows is shown as the engine gave it (without the file name it starts with).
 */
const PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [
    /FEEL unary-tests: failed to parse expression '([^']*)'/,
    (m) => `The input entry "${m[1]}" is not a valid condition: write e.g. < 10, "gold", [1..5] or - for any value.`,
  ],
  [
    /failed to parse expression '([^']*)': (.*)$/,
    (m) => `The expression "${m[1]}" is not valid FEEL (${m[2]}): check it for a typo.`,
  ],
  [
    /Unable to find a model element instance for id (\S+)/,
    (m) => `A decision requires "${m[1]}", which is not in this file: add it or remove the requirement.`,
  ],
  [/Cyclic dependencies between decisions/, () => 'Decisions require each other in a circle: remove one requirement.'],
  [
    /Expected the form id to be present|the form needs an id/,
    () => 'Give the form an id (in its properties): a user task links to the form by this id.',
  ],
  [/'components' list/, () => 'The form has no list of fields (components): add at least an empty one.'],
  [/every id in the file must be unique/, () => 'Two elements share one id: every id in the file must be unique.'],
];

export function documentProblemWords(message: string): string {
  const text = message.replace(/^'[^']+\.(dmn|form)': /, '');
  for (const [pattern, words] of PATTERNS) {
    const match = text.match(pattern);
    if (match) return words(match);
  }
  return text;
}
