import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../index';
import { directOrThreadMessage } from './direct-or-thread-message';

export function registerMessages(app: App, deps: ListenerDeps): void {
  app.message(directOrThreadMessage(deps));
}
