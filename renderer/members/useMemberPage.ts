import { useEffect, useState } from 'react';
import type { MemberPage } from '../../shared/channels/members';
import { call } from '../desk';

export type MemberPageState = { status: 'loading' } | { status: 'ready'; page: MemberPage } | { status: 'failed'; error: unknown };

/** Loads one member page (members.get). Mount it with `key={memberId}` so a new member starts fresh. */
export function useMemberPage(memberId: number, attempt: number): MemberPageState {
  const [state, setState] = useState<MemberPageState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    call('members.get', { memberId }).then(
      (page) => live && setState({ status: 'ready', page }),
      (error: unknown) => live && setState({ status: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [memberId, attempt]);
  return state;
}
