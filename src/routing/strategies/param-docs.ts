import { z } from 'zod';

/** One strategy parameter as `routesim strategies` and `--json` show it. */
export interface ParamDoc {
  readonly name: string;
  /** Compact type, e.g. 'number', 'integer', "'a' | 'b'", 'record<string, number>'. */
  readonly type: string;
  /** The default value, or undefined when the param has none. */
  readonly default: unknown;
  readonly description: string;
}

interface JsonSchemaNode {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly items?: JsonSchemaNode;
  readonly additionalProperties?: JsonSchemaNode | boolean;
  readonly anyOf?: readonly JsonSchemaNode[];
  readonly default?: unknown;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
}

/** Documents the params of a strategy's strictObject schema via zod's JSON Schema export. */
export function describeParams(schema: z.ZodType): ParamDoc[] {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  return Object.entries(root.properties ?? {}).map(([name, node]) => ({
    name,
    type: typeName(node),
    default: node.default,
    description: node.description ?? '',
  }));
}

function typeName(node: JsonSchemaNode | boolean | undefined): string {
  if (node === undefined || typeof node === 'boolean' || Object.keys(node).length === 0) return 'unknown';
  if (node.enum !== undefined) return node.enum.map((v) => JSON.stringify(v).replaceAll('"', "'")).join(' | ');
  if (node.anyOf !== undefined) return node.anyOf.map(typeName).join(' | ');
  switch (node.type) {
    case 'array':
      return `${typeName(node.items)}[]`;
    case 'object':
      return node.additionalProperties === undefined || node.additionalProperties === false
        ? 'object'
        : `record<string, ${typeName(node.additionalProperties)}>`;
    default:
      return node.type ?? 'unknown';
  }
}
