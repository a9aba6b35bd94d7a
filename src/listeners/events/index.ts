import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../index';
import { appMention } from './app-mention';

export function registerEvents(app: App, deps: ListenerDeps): void {
  app.event('app_mention', appMention(deps));
}
