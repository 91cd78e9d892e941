import { Codes } from '../../diagnostics';
import { parseQuantity } from '../../quantity';
import type { PathSegment } from '../../yaml/nodes';
import { CheckContext, PlainObject, isObject, isSet, listAt, objectAt, stringAt } from './context';
import { utf8Length } from './labels';
import { nameProblem, qualifiedNameProblem } from './names';
import { checkLabelSelector } from './selectors';
import * as l10n from '@vscode/l10n';

/**
 * StorageClasses (Kubernetes' pkg/apis/storage/validation) and PersistentVolumeClaims (core's
 * ValidatePersistentVolumeClaimSpec, also used for a StatefulSet's claim templates): the
 * provisioner, parameters and allowed topologies; access modes, the storage request, the class,
 * data sources.
 */

const MAX_PARAMETERS = 512;
const MAX_PARAMETER_BYTES = 256 * 1024;

const provisionerName = (value: string) => l10n.t('`{0}` is not a valid provisioner: a qualified name such as `ebs.csi.aws.com` or `kubernetes.io/no-provisioner`.', value);
const tooManyParameters = (count: number) => l10n.t('`parameters` has {0} entries; at most 512 are allowed.', count);
const parametersTooLarge = (bytes: number) => l10n.t('`parameters` take {0} bytes; at most 262144 (256 KiB) are allowed.', bytes);
const emptyParameterKey = () => l10n.t('A parameter key may not be empty.');
const expressionValues = () => l10n.t('A `matchLabelExpressions` entry needs at least one value in `values`.');
const duplicateValue = (value: string) => l10n.t('`{0}` is already in `values`.', value);
const duplicateKey = (key: string) => l10n.t('`{0}` is already the key of another expression of this term.', key);
const accessModesRequired = () => l10n.t('A claim needs at least one access mode in `accessModes`, such as `ReadWriteOnce`.');
const readWriteOncePodAlone = () => l10n.t('`ReadWriteOncePod` may not be combined with other access modes.');
const storageRequired = () => l10n.t('A claim needs `resources.requests.storage`, the size it asks for.');
const storagePositive = (value: string) => l10n.t('`storage: {0}` must be greater than 0.', value);
const dataSourceKind = () => l10n.t('`dataSource` without `apiGroup` may only refer to a `PersistentVolumeClaim`; set `apiGroup` for other kinds (such as `snapshot.storage.k8s.io` for a VolumeSnapshot).');
const dataSourceMismatch = () => l10n.t('`dataSource` and `dataSourceRef` must refer to the same object when both are set.');
const dataSourceNamespace = () => l10n.t('`dataSource` may not be set when `dataSourceRef.namespace` is.');

export function checkStorageClass(ctx: CheckContext, root: PlainObject): void {
  const provisioner = stringAt(root.provisioner);
  if (provisioner && qualifiedNameProblem(provisioner.toLowerCase(), 'provisioner')) ctx.report(Codes.serverValue, ctx.at('provisioner'), provisionerName(provisioner));
  const parameters = objectAt(root.parameters);
  if (parameters) {
    const keys = Object.keys(parameters);
    if (keys.length > MAX_PARAMETERS) ctx.report(Codes.serverValue, ctx.at('parameters'), tooManyParameters(keys.length), { at: 'key' });
    let bytes = 0;
    for (const key of keys) {
      if (key === '') ctx.report(Codes.serverValue, ctx.at('parameters', key), emptyParameterKey(), { at: 'key' });
      const value = parameters[key];
      bytes += utf8Length(key) + (typeof value === 'string' ? utf8Length(value) : 0);
    }
    if (bytes > MAX_PARAMETER_BYTES) ctx.report(Codes.serverValue, ctx.at('parameters'), parametersTooLarge(bytes), { at: 'key' });
  }
  listAt(root.allowedTopologies).forEach((term, index) => {
    const keys = new Set<string>();
    listAt(objectAt(term)?.matchLabelExpressions).forEach((item, i) => {
      const expression = objectAt(item);
      if (!expression) return;
      const at = ctx.at('allowedTopologies', index, 'matchLabelExpressions', i);
      const key = stringAt(expression.key);
      if (key !== undefined) {
        const problem = qualifiedNameProblem(key, l10n.t('label key'));
        if (problem) ctx.report(Codes.serverLabel, [...at, 'key'], problem);
        else if (keys.has(key)) ctx.report(Codes.serverDuplicate, [...at, 'key'], duplicateKey(key));
        keys.add(key);
      }
      const values = listAt(expression.values);
      if (values.length === 0 && !ctx.partial) ctx.report(Codes.serverRequired, [...at, 'values'], expressionValues(), { at: 'key' });
      const seen = new Set<unknown>();
      values.forEach((value, j) => {
        if (seen.has(value)) ctx.report(Codes.serverDuplicate, [...at, 'values', j], duplicateValue(String(value)));
        seen.add(value);
      });
    });
  });
}

export function checkPersistentVolumeClaim(ctx: CheckContext, root: PlainObject): void {
  checkPersistentVolumeClaimSpec(ctx, root.spec, ctx.at('spec'));
}

/** A claim's spec (a PersistentVolumeClaim's, or a StatefulSet claim template's). */
export function checkPersistentVolumeClaimSpec(ctx: CheckContext, value: unknown, path: PathSegment[]): void {
  const spec = objectAt(value);
  if (!spec) return;
  const modes = listAt(spec.accessModes);
  if (modes.length === 0 && !ctx.partial) ctx.report(Codes.serverRequired, isSet(spec.accessModes) ? [...path, 'accessModes'] : path, accessModesRequired(), { at: 'key' });
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) ctx.report(Codes.serverConflict, [...path, 'accessModes'], readWriteOncePodAlone(), { at: 'key' });
  const requests = objectAt(objectAt(spec.resources)?.requests);
  if (requests && isSet(requests.storage)) {
    const quantity = parseQuantity(requests.storage);
    if (quantity && quantity.digits <= 0n) ctx.report(Codes.serverValue, [...path, 'resources', 'requests', 'storage'], storagePositive(String(requests.storage)));
  } else if (!ctx.partial) {
    ctx.report(Codes.serverRequired, requests ? [...path, 'resources', 'requests'] : isObject(spec.resources) ? [...path, 'resources'] : path, storageRequired(), { at: 'key' });
  }
  const className = stringAt(spec.storageClassName);
  if (className) {
    const problem = nameProblem(className, 'subdomain', l10n.t('StorageClass name'));
    if (problem) ctx.report(Codes.serverName, [...path, 'storageClassName'], problem);
  }
  checkLabelSelector(ctx, spec.selector, [...path, 'selector']);
  const source = objectAt(spec.dataSource);
  const sourceRef = objectAt(spec.dataSourceRef);
  if (source && !stringAt(source.apiGroup) && isSet(source.kind) && source.kind !== 'PersistentVolumeClaim') ctx.report(Codes.serverValue, [...path, 'dataSource', 'kind'], dataSourceKind());
  if (source && sourceRef) {
    if (stringAt(sourceRef.namespace)) ctx.report(Codes.serverConflict, [...path, 'dataSource'], dataSourceNamespace(), { at: 'key' });
    else if ((stringAt(source.apiGroup) ?? '') !== (stringAt(sourceRef.apiGroup) ?? '') || source.kind !== sourceRef.kind || source.name !== sourceRef.name) {
      ctx.report(Codes.serverConflict, [...path, 'dataSourceRef'], dataSourceMismatch(), { at: 'key' });
    }
  }
}
