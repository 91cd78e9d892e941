/**
 * A count of the steps Kubesmith's walkers take (schema nodes checked, plain values read, merge
 * entries applied, parse passes, fix steps), so that tests can bound the work on a document by its
 * size — counting work, not time. One increment per step, nothing else; never reset by the core.
 */
export const workMeter = { steps: 0 };
