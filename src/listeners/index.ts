/** Registers one handler per Slack surface (the Bolt sample apps' layout). */
import type { App } from '@slack/bolt';
import type { NotionTasks } from '../adapters/notion';
import type { SettleDeps } from '../confirmations/settle';
import type { IncomingMessage } from '../conversation/respond';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import type { TeamTime } from '../time';
import { registerActions } from './actions';
import { registerEvents } from './events';
import { registerMessages } from './messages';

export interface ListenerDeps {
  log: Logger;
  store: Store;
  time: TeamTime;
  notion?: NotionTasks;
  settle: SettleDeps;
  /** Answers a message addressed to Paimy (claims it first; never throws). */
  run(message: IncomingMessage): Promise<unknown>;
}

export function registerListeners(app: App, deps: ListenerDeps): void {
  registerEvents(app, deps);
  registerMessages(app, deps);
  registerActions(app, deps);
}
