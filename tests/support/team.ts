/**
 * A small team and its task database, seeded into the fakes. Dates are around Monday
 * 2026-11-23 (KST), the pinned "now" of most end-to-end tests.
 */
import type { Harness } from './harness';

export const MINJI = { slack: 'U0MINJI', email: 'minji@paimy.example', name: '김민지' };
export const SUJIN = { slack: 'U0SUJIN', email: 'sujin@paimy.example', name: '박수진' };
export const STRANGER = { slack: 'U0GUEST', email: 'guest@elsewhere.example', name: 'Guest' };

export interface SeededTeam {
  minjiNotionId: string;
  sujinNotionId: string;
  tasks: Record<'report' | 'interview' | 'lastSunday' | 'nextWeek' | 'nextMondayEarly' | 'doneThisWeek' | 'sujinThisWeek', string>;
}

/**
 * @param status maps Paimy's states to the database's option names (defaults: the same names)
 */
export function seedTeam(h: Harness, status: Record<'Backlog' | 'In Progress' | 'Done', string> = {
  Backlog: 'Backlog',
  'In Progress': 'In Progress',
  Done: 'Done',
}): SeededTeam {
  for (const p of [MINJI, SUJIN, STRANGER]) {
    h.slack.addUser({ id: p.slack, name: p.email.split('@')[0]!, realName: p.name, displayName: p.name, email: p.email });
  }
  const minjiNotionId = h.notion.addUser({ name: MINJI.name, email: MINJI.email });
  const sujinNotionId = h.notion.addUser({ name: SUJIN.name, email: SUJIN.email });
  const task = (title: string, owner: string, due: string, s: string) =>
    h.notion.addTask({ title, ownerIds: [owner], due, status: s, priority: 'High' });
  return {
    minjiNotionId,
    sujinNotionId,
    tasks: {
      report: task('주간 보고서 작성', minjiNotionId, '2026-11-24', status['In Progress']),
      interview: task('고객 인터뷰 정리', minjiNotionId, '2026-11-29', status.Backlog), // this Sunday
      lastSunday: task('지난주 회고 정리', minjiNotionId, '2026-11-22', status.Backlog), // UTC's "today"
      nextWeek: task('디자인 리뷰', minjiNotionId, '2026-11-30', status.Backlog),
      // 01:00 KST next Monday is still Sunday 11-29 in UTC: a UTC-day filter would wrongly include it.
      nextMondayEarly: task('새벽 배포', minjiNotionId, '2026-11-30T01:00:00+09:00', status.Backlog),
      doneThisWeek: task('배포 체크리스트', minjiNotionId, '2026-11-25', status.Done),
      sujinThisWeek: task('수진의 발표 준비', sujinNotionId, '2026-11-24', status['In Progress']),
    },
  };
}
