import { useState, type ReactNode } from 'react';
import type { Redemption } from '../../shared/channels/redemptions';
import { useNotifier } from '../ui/Notifier';
import { CancelRedemptionDialog, ShipRedemptionDialog, type RedemptionRef } from './RedemptionStatusDialogs';

export interface RedemptionActions {
  ship(redemption: RedemptionRef): void;
  cancel(redemption: RedemptionRef): void;
  /** The open dialog, to render once. */
  dialogs: ReactNode;
}

/** "Mark shipped" and "cancel with a reason" (B7a), shared by the member page and the desk-wide list. */
export function useRedemptionActions(onChanged: (redemption: Redemption) => void): RedemptionActions {
  const notifier = useNotifier();
  const [open, setOpen] = useState<{ kind: 'ship' | 'cancel'; redemption: RedemptionRef } | null>(null);
  const close = (): void => setOpen(null);
  const done = (updated: Redemption, message: string): void => {
    setOpen(null);
    notifier.success(message);
    onChanged(updated);
  };
  let dialogs: ReactNode = null;
  if (open?.kind === 'ship') dialogs = <ShipRedemptionDialog redemption={open.redemption} onClose={close} onDone={done} />;
  if (open?.kind === 'cancel') dialogs = <CancelRedemptionDialog redemption={open.redemption} onClose={close} onDone={done} />;
  return {
    ship: (redemption) => setOpen({ kind: 'ship', redemption }),
    cancel: (redemption) => setOpen({ kind: 'cancel', redemption }),
    dialogs,
  };
}
