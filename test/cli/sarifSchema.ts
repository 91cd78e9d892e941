/**
 * The part of the SARIF 2.1.0 schema (https://json.schemastore.org/sarif-2.1.0.json) that
 * GitHub code scanning relies on, as a JSON schema for ajv: required properties and their types,
 * enum values, and the shapes of rule descriptors, results and locations.
 */

const message = {
  type: 'object',
  required: ['text'],
  properties: { text: { type: 'string', minLength: 1 }, markdown: { type: 'string' } },
};

const multiformatMessage = {
  type: 'object',
  required: ['text'],
  properties: { text: { type: 'string', minLength: 1 }, markdown: { type: 'string' } },
  additionalProperties: false,
};

const region = {
  type: 'object',
  required: ['startLine'],
  properties: {
    startLine: { type: 'integer', minimum: 1 },
    startColumn: { type: 'integer', minimum: 1 },
    endLine: { type: 'integer', minimum: 1 },
    endColumn: { type: 'integer', minimum: 1 },
  },
  additionalProperties: false,
};

const artifactLocation = {
  type: 'object',
  required: ['uri'],
  properties: {
    uri: { type: 'string', format: 'uri-reference', minLength: 1 },
    uriBaseId: { type: 'string' },
    index: { type: 'integer', minimum: -1 },
  },
  additionalProperties: false,
};

const reportingDescriptor = {
  type: 'object',
  required: ['id', 'name', 'shortDescription', 'fullDescription', 'help', 'defaultConfiguration'],
  properties: {
    id: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1 },
    shortDescription: multiformatMessage,
    fullDescription: multiformatMessage,
    help: { ...multiformatMessage, required: ['text', 'markdown'] },
    helpUri: { type: 'string', format: 'uri' },
    defaultConfiguration: {
      type: 'object',
      required: ['level'],
      properties: { level: { enum: ['none', 'note', 'warning', 'error'] }, enabled: { type: 'boolean' } },
    },
    properties: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' }, uniqueItems: true } } },
  },
};

const result = {
  type: 'object',
  required: ['ruleId', 'ruleIndex', 'level', 'message', 'locations'],
  properties: {
    ruleId: { type: 'string', minLength: 1 },
    ruleIndex: { type: 'integer', minimum: 0 },
    level: { enum: ['none', 'note', 'warning', 'error'] },
    message,
    locations: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['physicalLocation'],
        properties: {
          physicalLocation: {
            type: 'object',
            required: ['artifactLocation', 'region'],
            properties: { artifactLocation, region },
          },
        },
      },
    },
  },
};

export const SARIF_SUBSET_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['$schema', 'version', 'runs'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      maxItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results', 'originalUriBaseIds'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name', 'version', 'informationUri', 'rules'],
                properties: {
                  name: { const: 'kubesmith' },
                  version: { type: 'string', minLength: 1 },
                  semanticVersion: { type: 'string' },
                  informationUri: { type: 'string', format: 'uri' },
                  rules: { type: 'array', items: reportingDescriptor },
                },
              },
            },
          },
          originalUriBaseIds: {
            type: 'object',
            required: ['%SRCROOT%'],
            additionalProperties: {
              type: 'object',
              required: ['uri'],
              properties: { uri: { type: 'string', format: 'uri', pattern: '/$' } },
            },
          },
          columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
          results: { type: 'array', items: result },
        },
      },
    },
  },
} as const;
