import { KubesmithSettings } from '../../../protocol/settings';
import { KubesmithService } from '../core/service';
import { settledFindings, workspaceFindings } from '../core/workspace/diagnostics';
import { WorkspaceModel } from '../core/workspace/model';
import { FileReport, toFinding } from './analyze';

/**
 * The checks between resources of a `kubesmith lint` run, on the main thread once every file is
 * checked: the files of the run are the workspace. Each file's report brings what the model needs
 * (its entry: resources, references, selectors, placed), so worker threads send no texts; the
 * findings join the file's own, and the per-document findings another resource settles go.
 */
export function checkBetweenResources(
  service: KubesmithService, files: readonly { uri: string; settings: number }[], reports: readonly FileReport[], settings: readonly KubesmithSettings[],
): void {
  const model = new WorkspaceModel(service.workspace, service.store, false);
  files.forEach((file, i) => {
    const entry = reports[i].entry;
    if (entry && !service.workspace.isKustomizePatch(file.uri)) model.update(entry);
  });
  files.forEach((file, i) => {
    const report = reports[i];
    delete report.entry;
    if (!model.has(file.uri)) return;
    const settled = settledFindings(model, file.uri);
    report.findings = report.findings.filter((finding) => !settled(finding.code, { line: finding.line - 1, character: finding.column - 1 }));
    for (const diagnostic of workspaceFindings(model, file.uri, settings[file.settings])) report.findings.push(toFinding(diagnostic));
  });
}
