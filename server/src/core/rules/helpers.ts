import { PathSegment } from '../yaml/nodes';
import { RuleContext } from './types';
import { ContainerLocation, PodSpecLocation } from './workloads';

/** Small helpers shared by rule modules. */

/** A container's effective security setting: its own securityContext, else the pod's. */
export function effectiveSecurity(ctx: RuleContext, container: ContainerLocation, field: string): unknown {
  const own = ctx.value([...container.path, 'securityContext', field]);
  return own !== undefined && own !== null ? own : ctx.value([...container.podSpec.path, 'securityContext', field]);
}

/** Where to point for a container-level finding: its `name`, or the item itself. */
export function containerAnchor(ctx: RuleContext, container: ContainerLocation): PathSegment[] {
  return ctx.has([...container.path, 'name']) ? [...container.path, 'name'] : container.path;
}

export function containerLabel(container: ContainerLocation): string {
  const what = container.list === 'initContainers' ? 'Init container' : container.list === 'ephemeralContainers' ? 'Ephemeral container' : 'Container';
  return container.name ? `${what} \`${container.name}\`` : what;
}

/** Containers that run for the life of the pod (regular ones and restartable init "sidecars"). */
export function isLongRunning(ctx: RuleContext, container: ContainerLocation): boolean {
  if (container.list === 'containers') return true;
  return container.list === 'initContainers' && ctx.value([...container.path, 'restartPolicy']) === 'Always';
}

/** Whether the pod runs to completion (Job, CronJob, or a Pod with restartPolicy Never/OnFailure). */
export function isBatch(ctx: RuleContext, podSpec: PodSpecLocation): boolean {
  if (podSpec.kind === 'Job' || podSpec.kind === 'CronJob') return true;
  const restart = ctx.value([...podSpec.path, 'restartPolicy']);
  return podSpec.kind === 'Pod' && (restart === 'Never' || restart === 'OnFailure');
}
