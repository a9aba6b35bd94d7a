// Local HTTP fakes of Slack, Notion and Anthropic for pointing the real SDKs at.
export * from './http-server';
export * from './slack';
export * from './notion';
export * from './anthropic';
export * from './google';
