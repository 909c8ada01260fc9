import type { MemberHit } from '../../shared/channels/members';

/** The result list's id: the search field (a combobox) controls it. */
export const RESULTS_ID = 'member-results';

/** The DOM id of a result row; the search field points at it with aria-activedescendant. */
export function optionId(hit: MemberHit | undefined): string | undefined {
  return hit === undefined ? undefined : `member-option-${hit.id}`;
}
