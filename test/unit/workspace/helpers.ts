import { KubesmithSettings, RuleLevel } from '../../../protocol/settings';
import { RULES } from '../../../server/src/core/rules/registry';
import { KubesmithService } from '../../../server/src/core/service';
import { WORKSPACE_CHECKS } from '../../../server/src/core/workspace/checks';
import { WorkspaceIndex } from '../../../server/src/core/workspace/definitions';
import { withWorkspaceDiagnostics } from '../../../server/src/core/workspace/diagnostics';
import { buildEntry } from '../../../server/src/core/workspace/entry';
import { WorkspaceModel } from '../../../server/src/core/workspace/model';
import { assertNoInternalError, describe as describeDiagnostic, newService, settings as testSettings } from '../../helpers';

/** A workspace of files (path → text) for the core's workspace tests, checked as the editor and the CLI check it. */

const CHECK_IDS = new Set(WORKSPACE_CHECKS.map((check) => check.meta.id));
/** The best-practice rules off: the tests see schema problems and the checks between resources. */
export const RULES_OFF: Record<string, RuleLevel> = Object.fromEntries(RULES.map((rule) => [rule.meta.id, 'off' as const]));

export class TestWorkspace {
  readonly service: KubesmithService = newService();
  readonly model: WorkspaceModel;
  readonly texts = new Map<string, string>();

  constructor(files: Record<string, string>, readonly settings: KubesmithSettings = testSettings({ rules: RULES_OFF })) {
    this.model = new WorkspaceModel(this.service.workspace, this.service.store);
    for (const [path, text] of Object.entries(files)) this.texts.set(path, text);
    for (const [path, text] of this.texts) if (WorkspaceIndex.isInteresting(this.uri(path), text)) this.service.workspace.updateFile(this.uri(path), text);
    for (const path of this.texts.keys()) this.index(path);
  }

  uri(path: string): string {
    return `file:///ws/${path}`;
  }

  /** Changes (or adds) a file; returns whether what other files see of it changed. */
  set(path: string, text: string): boolean {
    this.texts.set(path, text);
    if (WorkspaceIndex.isInteresting(this.uri(path), text)) this.service.workspace.updateFile(this.uri(path), text);
    return this.index(path);
  }

  remove(path: string): boolean {
    this.texts.delete(path);
    this.service.workspace.removeFile(this.uri(path));
    return this.model.remove(this.uri(path));
  }

  /** Every diagnostic of a file (its own and those between resources), as `l:c-l:c code message`. */
  diagnostics(path: string, settings: KubesmithSettings = this.settings): string[] {
    const uri = this.uri(path);
    const analysis = this.service.analyze(uri, this.texts.get(path)!, settings);
    assertNoInternalError(analysis);
    return withWorkspaceDiagnostics(this.model, uri, analysis.diagnostics, settings).map(describeDiagnostic);
  }

  /** The findings between resources of a file. */
  findings(path: string, settings?: KubesmithSettings): string[] {
    return this.diagnostics(path, settings).filter((line) => CHECK_IDS.has(line.split(' ')[1]));
  }

  /** The findings between resources of every file, as `path l:c code`. */
  all(settings?: KubesmithSettings): string[] {
    return [...this.texts.keys()].sort().flatMap((path) => this.findings(path, settings).map((line) => `${path} ${line.split(' ').slice(0, 2).join(' ')}`));
  }

  private index(path: string): boolean {
    const uri = this.uri(path);
    if (this.service.workspace.isKustomizePatch(uri)) return this.model.remove(uri);
    const analysis = this.service.analyze(uri, this.texts.get(path)!, this.settings);
    return analysis.skipped ? this.model.remove(uri) : this.model.update(buildEntry(analysis));
  }
}

/** A Deployment whose pod template is labelled `app: <name>`; `pod` is added to the pod spec, indented. */
export function deployment(name: string, pod = '', options: { namespace?: string; replicas?: number; container?: string; kind?: string; apiVersion?: string } = {}): string {
  return `apiVersion: ${options.apiVersion ?? 'apps/v1'}
kind: ${options.kind ?? 'Deployment'}
metadata:
  name: ${name}${options.namespace ? `\n  namespace: ${options.namespace}` : ''}
spec:${options.replicas !== undefined ? `\n  replicas: ${options.replicas}` : ''}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
${pod}      containers:
      - name: ${name}
        image: ghcr.io/example/${name}:1.0.0
${options.container ?? ''}`;
}
