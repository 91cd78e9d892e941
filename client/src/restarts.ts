import { CloseAction, CloseHandlerResult, ErrorAction, ErrorHandler, ErrorHandlerResult } from 'vscode-languageclient/node';
import * as l10n from '@vscode/l10n';

/**
 * What happens when the language server dies: the client starts a new one (which gets every open
 * document again, so their diagnostics come back) and tells the user — once per session, not at
 * every crash. A server that dies again and again (5 times within 3 minutes) is left stopped,
 * with an error that points to the log and the restart command.
 */

const WINDOW_MS = 3 * 60 * 1000;
const MAX_RESTARTS = 4;

export interface RestartCounts {
  /** How often the server was restarted after dying. */
  restarts: number;
  /** How many times the user was told (at most once). */
  notices: number;
}

export class ServerRestarts implements ErrorHandler {
  private readonly recent: number[] = [];
  readonly counts: RestartCounts = { restarts: 0, notices: 0 };

  constructor(private readonly tell: (message: string) => void, private readonly now: () => number = Date.now) {}

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // (As the default handler: a few read or write errors are survived, more shut the connection.)
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    const now = this.now();
    this.recent.push(now);
    while (this.recent.length > 0 && now - this.recent[0] > WINDOW_MS) this.recent.shift();
    if (this.recent.length > MAX_RESTARTS) {
      return {
        action: CloseAction.DoNotRestart,
        message: l10n.t('The Kubesmith language server stopped {0} times in the last 3 minutes and was not started again. See the Kubesmith output, then run "Kubesmith: Restart Language Server".', this.recent.length),
      };
    }
    this.counts.restarts++;
    if (this.counts.notices === 0) {
      this.counts.notices++;
      this.tell(l10n.t('The Kubesmith language server stopped unexpectedly and was restarted; your files are being checked again. If it happens again, see the Kubesmith output.'));
    }
    return { action: CloseAction.Restart, handled: true };
  }
}
