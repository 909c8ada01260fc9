import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNotifier } from './Notifier';
import { describeError } from '../i18n/errors';

interface Options<A extends unknown[], R> {
  /** Said in the snackbar after a success. */
  success?(result: R, ...args: A): string;
  /** After a success, before the snackbar: close a dialog, keep the answer. */
  onSuccess?(result: R, ...args: A): void;
  /** After a success: read the list again. */
  reload?(): void;
  /**
   * Where a failure goes: `notify` (default) the snackbar; `keep` stays in `error` for the
   * dialog to show (a dialog stays open); a function handles it itself.
   */
  onError?: 'notify' | 'keep' | ((error: unknown, ...args: A) => void);
  /** After either, success or failure (e.g. tell other parts of the page that stock moved). */
  onSettled?(): void;
  /** The words for a kept failure (default: the error code's translation). */
  describe?(error: unknown): string;
}

export interface DeskAction<A extends unknown[], R> {
  /** Runs the write; resolves with its answer, or undefined when it failed or one was already running. */
  run(...args: A): Promise<R | undefined>;
  busy: boolean;
  /** The arguments of the write on its way (which row's button spins), else null. */
  pending: A | null;
  /** The last failure, while `onError` is `keep` (cleared when the next run starts). */
  error: unknown;
  /** That failure in words, or null. */
  errorText: string | null;
  reset(): void;
}

/**
 * One write from the screen: busy → call → notify → reload, with the failure translated.
 * A second run while one is on its way is ignored, so a double click writes once.
 */
export function useDeskAction<A extends unknown[], R>(action: (...args: A) => Promise<R>, options: Options<A, R> = {}): DeskAction<A, R> {
  const { t } = useTranslation();
  const notifier = useNotifier();
  const [pending, setPending] = useState<A | null>(null);
  const [error, setError] = useState<unknown>(null);
  const running = useRef(false);
  // The newest action and options, so `run` can stay the same function across renders.
  const latest = useRef({ action, options });
  useLayoutEffect(() => {
    latest.current = { action, options };
  });

  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      if (running.current) return undefined;
      running.current = true;
      setPending(args);
      setError(null);
      const { action: write, options: o } = latest.current;
      try {
        const result = await write(...args);
        o.onSuccess?.(result, ...args);
        o.reload?.();
        if (o.success !== undefined) notifier.success(o.success(result, ...args));
        return result;
      } catch (failure) {
        const onError = o.onError ?? 'notify';
        if (onError === 'notify') notifier.error(failure);
        else if (onError === 'keep') setError(failure);
        else onError(failure, ...args);
        return undefined;
      } finally {
        running.current = false;
        setPending(null);
        o.onSettled?.();
      }
    },
    [notifier],
  );

  const reset = useCallback(() => setError(null), []);
  const errorText = error === null ? null : (options.describe ?? ((e: unknown) => describeError(t, e)))(error);
  return { run, busy: pending !== null, pending, error, errorText, reset };
}
