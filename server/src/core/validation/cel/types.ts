import { CelObjectType, objectType } from '@bufbuild/cel';
import { DescMessage, Registry, create, createFileRegistry } from '@bufbuild/protobuf';
import { FieldDescriptorProto_Label, FieldDescriptorProto_Type, FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';

/**
 * The opaque values of the Kubernetes CEL libraries (`url(...)`, `ip(...)`, `quantity(...)`...).
 *
 * @bufbuild/cel types its values as CEL does, and a value of a type of its own must be a protobuf
 * message; so each library type is a one-field message declared here at run time (no generated
 * code). Each holds the canonical text of its value, which makes CEL's `==` compare what Kubernetes
 * compares (`quantity('1Gi') == quantity('1073741824')`, `ip('::0:1') == ip('::1')`).
 */

const STRING_TYPES = ['URL', 'IP', 'CIDR', 'Quantity', 'NamedFormat'] as const;
type StringTypeName = (typeof STRING_TYPES)[number];

const file = create(FileDescriptorProtoSchema, {
  name: 'kubesmith/kubernetes_cel.proto',
  package: 'kubernetes',
  syntax: 'proto3',
  messageType: [
    ...STRING_TYPES.map((name) => ({
      name,
      field: [{ name: 'value', jsonName: 'value', number: 1, type: FieldDescriptorProto_Type.STRING, label: FieldDescriptorProto_Label.OPTIONAL }],
    })),
    {
      // `?list<string>`, what `<Format>.validate()` returns (optional types are not in @bufbuild/cel).
      name: 'OptionalErrors',
      field: [
        { name: 'errors', jsonName: 'errors', number: 1, type: FieldDescriptorProto_Type.STRING, label: FieldDescriptorProto_Label.REPEATED },
        { name: 'present', jsonName: 'present', number: 2, type: FieldDescriptorProto_Type.BOOL, label: FieldDescriptorProto_Label.OPTIONAL },
      ],
    },
  ],
});

/** The protobuf registry the CEL environment resolves these messages with. */
export const registry: Registry = createFileRegistry(file, () => undefined);

function descriptor(name: string): DescMessage {
  const desc = registry.getMessage(`kubernetes.${name}`);
  if (!desc) throw new Error(`no descriptor for kubernetes.${name}`);
  return desc;
}

const descriptors = Object.fromEntries(STRING_TYPES.map((name) => [name, descriptor(name)])) as Record<StringTypeName, DescMessage>;
const optionalErrors = descriptor('OptionalErrors');

/** CEL types of the library values. */
export const LibraryTypes = {
  URL: objectType(descriptors.URL),
  IP: objectType(descriptors.IP),
  CIDR: objectType(descriptors.CIDR),
  Quantity: objectType(descriptors.Quantity),
  NamedFormat: objectType(descriptors.NamedFormat),
  OptionalErrors: objectType(optionalErrors),
} satisfies Record<string, CelObjectType>;

/** A library value holding `value` (its canonical text). */
export function libraryValue(type: StringTypeName, value: string) {
  return create(descriptors[type], { value } as never);
}

/** The text a library value holds (`this` of a method is the reflected message). */
export function textOf(value: unknown): string {
  const message = (value as { message?: { value?: unknown } }).message;
  return typeof message?.value === 'string' ? message.value : '';
}

/** `optional.of(errors)` when there are errors, `optional.none()` when there are none. */
export function optionalErrorsValue(errors: string[]) {
  return create(optionalErrors, { errors, present: errors.length > 0 } as never);
}

export function optionalErrorsOf(value: unknown): { present: boolean; errors: string[] } {
  const message = (value as { message?: { present?: boolean; errors?: string[] } }).message;
  return { present: message?.present === true, errors: message?.errors ?? [] };
}
