/**
 * The short, kind message a user sees when something fails: what failed and whether trying
 * again helps. Never a stack trace.
 */
import Anthropic from '@anthropic-ai/sdk';
import { isNotionClientError } from '@notionhq/client';
import { NotionSchemaError } from '../adapters/notion-schema';

export function failureMessage(error: unknown): string {
  if (error instanceof Anthropic.APIError) {
    if (error.status === 429 || error.status === 529 || error.status === undefined || error.status >= 500) {
      return '죄송해요, 지금 Claude가 혼잡해서 답을 만들지 못했어요. 잠시 후 다시 말씀해 주세요.';
    }
    return '죄송해요, Claude 설정에 문제가 있어 답을 만들지 못했어요. 관리자에게 알려 주세요.';
  }
  if (error instanceof NotionSchemaError) {
    return '죄송해요, Notion 태스크 데이터베이스의 속성이 Paimy 설정과 맞지 않아요. 관리자에게 알려 주세요.';
  }
  if (isNotionClientError(error)) {
    return '죄송해요, Notion에 연결하지 못했어요. 잠시 후 다시 시도해 주세요.';
  }
  return '죄송해요, 요청을 처리하다가 문제가 생겼어요. 잠시 후 다시 시도해 주세요.';
}
