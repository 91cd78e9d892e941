import * as l10n from '@vscode/l10n';
/**
 * Failures that end a command with exit code 2: a bad command line, a file that cannot be read,
 * a configuration with problems. The message is printed on stderr as it is.
 */
export class CliError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** A command-line mistake: printed with a pointer to `--help`. */
export class UsageError extends CliError {
  constructor(message: string, readonly command?: string) {
    super(message, command ? l10n.t('Run `kubesmith {0} --help` for usage.', command) : l10n.t('Run `kubesmith --help` for usage.'));
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** "The configuration has a problem:" (or N problems), then the problems, one a line. */
export function configurationProblems(problems: readonly string[]): string {
  const lines = problems.map((line) => `  ${line}`).join('\n');
  return problems.length === 1 ? l10n.t('The configuration has a problem:\n{0}', lines) : l10n.t('The configuration has {0} problems:\n{1}', problems.length, lines);
}
