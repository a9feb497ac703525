import type { ExpressionContext, ExpressionNode } from './expression.js';
import { expressionFunctions } from './expression-functions.js';
import { compareValues, isTruthy, looseEquals } from './expression-values.js';

/** Reads a property without reaching the prototype chain: `constructor` or `__proto__` read as undefined. */
function readProperty(object: unknown, key: unknown): unknown {
  if (object === null || object === undefined) return undefined;
  const name = typeof key === 'number' ? key : String(key);
  if (typeof object === 'string') {
    if (name === 'length') return object.length;
    const index = Number(name);
    return Number.isInteger(index) ? object[index] : undefined;
  }
  if (typeof object !== 'object') return undefined;
  return Object.hasOwn(object, name) ? (object as Record<string | number, unknown>)[name] : undefined;
}

/** Walks the checked tree. No `eval`, no `Function`: only the operations listed here can happen. */
export function evaluateNode(node: ExpressionNode, context: ExpressionContext): unknown {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'array':
      return node.elements.map((element) => evaluateNode(element, context));
    case 'root':
      return context[node.name];
    case 'member': {
      const object = evaluateNode(node.object, context);
      const key = typeof node.property === 'string' ? node.property : evaluateNode(node.property, context);
      return readProperty(object, key);
    }
    case 'not':
      return !isTruthy(evaluateNode(node.argument, context));
    case 'conditional':
      return isTruthy(evaluateNode(node.test, context))
        ? evaluateNode(node.consequent, context)
        : evaluateNode(node.alternate, context);
    case 'call': {
      const args = node.args.map((argument) => evaluateNode(argument, context));
      return expressionFunctions[node.name]!.call(args);
    }
    case 'binary': {
      const left = evaluateNode(node.left, context);
      if (node.operator === '&&') return isTruthy(left) ? evaluateNode(node.right, context) : left;
      if (node.operator === '||') return isTruthy(left) ? left : evaluateNode(node.right, context);
      const right = evaluateNode(node.right, context);
      if (node.operator === '==') return looseEquals(left, right);
      if (node.operator === '!=') return !looseEquals(left, right);
      return compareValues(node.operator, left, right);
    }
  }
}
