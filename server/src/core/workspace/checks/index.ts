import { duplicateResource } from './duplicateResource';
import { missingConfigKey } from './missingConfigKey';
import { missingConfigMap } from './missingConfigMap';
import { missingPdb } from './missingPdb';
import { missingRole } from './missingRole';
import { missingScaleTarget } from './missingScaleTarget';
import { missingSecret } from './missingSecret';
import { missingService } from './missingService';
import { missingServiceAccount } from './missingServiceAccount';
import { pdbBlocksEviction } from './pdbBlocksEviction';
import { podWithoutNetworkPolicy } from './podWithoutNetworkPolicy';
import { replicasWithAutoscaler } from './replicasWithAutoscaler';
import { selectorMatchesNothing } from './selectorMatchesNothing';
import { WorkspaceCheck } from './types';
import { unknownServicePort } from './unknownServicePort';
import { unknownTargetPort } from './unknownTargetPort';

/** Every check between resources, in documentation order. */
export const WORKSPACE_CHECKS: readonly WorkspaceCheck[] = [
  missingConfigMap, missingSecret, missingConfigKey, missingServiceAccount, missingRole, missingService, missingScaleTarget,
  selectorMatchesNothing, unknownTargetPort, unknownServicePort, replicasWithAutoscaler, duplicateResource, pdbBlocksEviction, missingPdb, podWithoutNetworkPolicy,
];

const byId = new Map(WORKSPACE_CHECKS.map((check) => [check.meta.id, check]));

export function workspaceCheckById(id: string): WorkspaceCheck | undefined {
  return byId.get(id);
}
