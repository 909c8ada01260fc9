import { useEffect, useRef, useState } from 'react';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/contract';
import { call } from '../desk';

export interface DeskQuery<T> {
  /** The latest answer; kept while a refresh is on its way, so the screen does not flash. */
  readonly data: T | null;
  /** The newest call failed (null once a later one succeeds). */
  readonly error: unknown;
  readonly loading: boolean;
}

interface Settled<T> {
  key: string;
  data: T | null;
  error: unknown;
}

/**
 * Reads one channel and reads it again when the input or `version` changes. Only the answer to
 * the newest request is kept: a slow older answer never overwrites a newer one. A null input
 * asks nothing.
 */
export function useDeskQuery<C extends ChannelName>(channel: C, input: ChannelInput<C> | null, version = 0): DeskQuery<ChannelOutput<C>> {
  const inputKey = input === null ? null : JSON.stringify(input);
  const key = inputKey === null ? null : `${channel}:${inputKey}:${version}`;
  const [settled, setSettled] = useState<Settled<ChannelOutput<C>>>({ key: '', data: null, error: null });
  const sequence = useRef(0);

  useEffect(() => {
    const mine = ++sequence.current;
    if (key === null || inputKey === null) return undefined;
    call(channel, JSON.parse(inputKey) as ChannelInput<C>).then(
      (data) => {
        if (mine === sequence.current) setSettled({ key, data, error: null });
      },
      (error: unknown) => {
        if (mine === sequence.current) setSettled((prev) => ({ key, data: prev.data, error }));
      },
    );
    return undefined;
  }, [channel, inputKey, key]);

  if (key === null) return { data: null, error: null, loading: false };
  return { data: settled.data, error: settled.error, loading: settled.key !== key };
}
