import { CheckContext, PlainObject, objectAt } from './context';
import { checkAnnotations, checkLabels } from './labels';
import { checkPodSpec } from './pod/podSpec';

/**
 * Pods and PodTemplates (core's ValidatePodCreate and ValidatePodTemplate). A Pod's metadata is
 * checked with every resource's; its spec as a Pod's (images without surrounding spaces, no
 * ephemeral containers on create).
 */

export function checkPod(ctx: CheckContext, root: PlainObject): void {
  checkPodSpec(ctx, root.spec, ctx.at('spec'), { isPod: true });
}

export function checkPodTemplate(ctx: CheckContext, root: PlainObject): void {
  const template = objectAt(root.template);
  if (!template) return;
  const metadata = objectAt(template.metadata);
  if (metadata) {
    checkLabels(ctx, metadata.labels, ctx.at('template', 'metadata', 'labels'));
    checkAnnotations(ctx, metadata.annotations, ctx.at('template', 'metadata', 'annotations'));
  }
  checkPodSpec(ctx, template.spec, ctx.at('template', 'spec'), { isPod: false });
}
