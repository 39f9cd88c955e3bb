/**
 * Reads a parsed FEEL expression (lezer tree) for the variables it needs from outside: VariableName nodes
 * that are not bound by `for`/`some`/`every`, function parameters, earlier keys of a context literal or a
 * filter's `item`. Names inside filters may also be entries of the filtered items: they are listed anyway,
 * since fetching a variable that turns out unused is harmless. Names only called (`count(x)`) are listed
 * apart as functions.
 */
import type { parseExpression } from 'feelin';

type SyntaxNode = ReturnType<typeof parseExpression>['topNode'];

export interface FreeNames {
  variables: string[];
  functions: string[];
}

export function freeNames(top: SyntaxNode, source: string): FreeNames {
  const variables = new Set<string>();
  const functions = new Set<string>();
  const nameOf = (node: SyntaxNode) => {
    const text = source.slice(node.from, node.to).trim();
    return text.startsWith('`') ? text.replace(/`/g, '') : text.replace(/\s+/g, ' ');
  };

  const walk = (node: SyntaxNode, bound: ReadonlySet<string>): void => {
    const kids = children(node);
    switch (node.name) {
      case 'VariableName': {
        const name = nameOf(node);
        if (!bound.has(name)) variables.add(name);
        return;
      }
      case 'FunctionInvocation': {
        const [callee, ...args] = kids;
        if (callee?.name === 'VariableName') {
          const name = nameOf(callee);
          if (!bound.has(name)) functions.add(name);
        } else if (callee) {
          walk(callee, bound);
        }
        for (const arg of args) walk(arg, bound);
        return;
      }
      case 'PathExpression':
        if (kids[0]) walk(kids[0], bound);
        return;
      case 'FilterExpression': {
        const [target, ...rest] = kids;
        if (target) walk(target, bound);
        const inFilter = new Set(bound).add('item');
        for (const kid of rest) walk(kid, inFilter);
        return;
      }
      case 'ForExpression':
      case 'QuantifiedExpression': {
        const local = new Set(bound);
        if (node.name === 'ForExpression') local.add('partial');
        for (const kid of kids) {
          if (kid.name !== 'InExpressions') {
            walk(kid, local);
            continue;
          }
          for (const inExpression of children(kid)) {
            const parts = children(inExpression);
            for (const part of parts) if (part.name !== 'Name') walk(part, local);
            const bind = parts.find((p) => p.name === 'Name');
            if (bind) local.add(nameOf(bind));
          }
        }
        return;
      }
      case 'FunctionDefinition': {
        const local = new Set(bound);
        const params = kids.find((k) => k.name === 'FormalParameters');
        for (const param of params ? children(params) : []) {
          const paramName = children(param).find((p) => p.name === 'ParameterName');
          if (paramName) local.add(nameOf(paramName));
        }
        for (const kid of kids) if (kid.name === 'FunctionBody') walk(kid, local);
        return;
      }
      case 'Context': {
        const local = new Set(bound);
        for (const entry of kids) {
          if (entry.name !== 'ContextEntry') continue;
          const [key, ...value] = children(entry);
          for (const part of value) walk(part, local);
          if (key) local.add(keyName(key, nameOf, source));
        }
        return;
      }
      case 'InstanceOfExpression':
        if (kids[0]) walk(kids[0], bound);
        return;
      case 'NamedParameter':
        for (const kid of kids) if (kid.name !== 'ParameterName') walk(kid, bound);
        return;
      case 'Type':
      case 'PathName':
      case 'ParameterName':
      case 'Key':
        return;
      default:
        for (const kid of kids) walk(kid, bound);
    }
  };

  walk(top, new Set());
  return { variables: [...variables], functions: [...functions] };
}

function children(node: SyntaxNode): SyntaxNode[] {
  const result: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) result.push(child);
  return result;
}

/** A context key is a name or a string literal (`{"a b": 1}`). */
function keyName(key: SyntaxNode, nameOf: (node: SyntaxNode) => string, source: string): string {
  const text = source.slice(key.from, key.to).trim();
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      return text.slice(1, -1);
    }
  }
  return nameOf(key);
}

/** The first node lezer marked as an error, if any. */
export function firstErrorNode(top: SyntaxNode): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  top.cursor().iterate((ref) => {
    if (found) return false;
    if (ref.type.isError) {
      found = ref.node;
      return false;
    }
    return undefined;
  });
  return found;
}
