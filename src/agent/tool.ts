/**
 * What a tool is: a name, a description, a zod input schema and a handler side by side (the
 * shape of the Anthropic SDK's `betaZodTool`). The JSON schema Claude sees is derived from
 * zod (`z.toJSONSchema`), never written twice.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import type { GoogleCalendar } from '../adapters/google-calendar';
import type { Gmail } from '../adapters/gmail';
import type { NotionTasks, Task } from '../adapters/notion';
import type { SlackPeople } from '../adapters/slack-people';
import type { Once } from '../conversation/event-claim';
import type { Logger } from '../logger';
import type { HolidayCalendar } from '../scheduling/holidays';
import type { PendingAction, ThreadEntity } from '../store/store';
import type { TeamTime, WorkingHours } from '../time';

/** The person Paimy is acting for; comes from the user mapping, never from tool input. */
export interface Requester {
  slackUserId: string;
  name: string;
  notionUserId?: string;
  googleEmail?: string;
}

/** Working hours, lunch and holidays for free-slot search. */
export interface SchedulingRules {
  workingHours: WorkingHours;
  /** Excluded from free slots every working day; undefined for none. */
  lunch?: WorkingHours;
  holidays: HolidayCalendar;
  /** The account FreeBusy is asked as (GOOGLE_DELEGATED_USER_EMAIL), else the requester. */
  freeBusyUser?: string;
}

/** A write that must wait for the requester's click; `payload` is what the executor needs. */
export interface ConfirmationRequest {
  kind: string;
  payload: Record<string, unknown>;
  preview: string;
  /** The tool call asking (ctx.toolUseId): one pending action per (event, tool call). */
  toolUseId: string;
}

/** What a tool may use and report while it runs for one Slack event. */
export interface ToolContext {
  requester: Requester;
  time: TeamTime;
  log: Logger;
  /** The Slack event this run answers; with `toolUseId` it keys idempotent side effects. */
  eventId: string;
  /** The `tool_use` block being answered (set per call). */
  toolUseId: string;
  /** Runs a step once per event: a rerun after a crash replays the recorded result. */
  once: Once;
  notion?: NotionTasks;
  calendar?: GoogleCalendar;
  gmail?: Gmail;
  scheduling: SchedulingRules;
  slackPeople: SlackPeople;
  /** Stores a pending action; Paimy shows its preview with confirm/cancel buttons. */
  requestConfirmation(request: ConfirmationRequest): Promise<PendingAction>;
  /** The answer contains private content (mail, private events): reply to the requester only. */
  markPrivate(): void;
  /** This tool returned text written by someone else (mail, task text): later writes need a click. */
  markUntrusted(): void;
  /** Whether Claude had seen such text before asking for this tool call (set per batch). */
  untrustedSeen: boolean;
  /** Whether such text has been seen so far in this turn (or the thread holds mail). */
  isUntrusted(): boolean;
  /** Records a task, event or email the thread now refers to (for "이거", "두 번째 거"). */
  remember(entity: ThreadEntity, listPosition?: number): void;
  /** Tasks to render with a "완료" button under the answer (the latest list wins). */
  showTasks(tasks: Task[]): void;
}

/** Which integration a tool needs; a tool whose integration is not connected is not offered. */
export type Integration = 'notion' | 'google';

export interface PaimyTool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  input: S;
  needs?: Integration;
  /** Has side effects: its result is journaled per (event, tool_use) and never redone. */
  writes?: boolean;
  run(input: z.infer<S>, ctx: ToolContext): Promise<unknown>;
}

/** Declares a tool with its input type inferred from the schema. */
export function defineTool<S extends z.ZodType>(tool: PaimyTool<S>): PaimyTool<S> {
  return tool;
}

/** A tool input Claude got wrong, or a request that cannot be done; goes back as `is_error`. */
export class ToolInputError extends Error {
  override name = 'ToolInputError';
}

/** The Messages API tool definition for a Paimy tool. */
export function toApiTool(tool: PaimyTool): Anthropic.Tool {
  const schema = z.toJSONSchema(tool.input, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  delete schema.$schema;
  return {
    name: tool.name,
    description: tool.description,
    input_schema: schema as Anthropic.Tool['input_schema'],
  };
}
