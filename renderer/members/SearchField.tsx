import type { KeyboardEvent, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import ClearIcon from '@mui/icons-material/Clear';
import SearchIcon from '@mui/icons-material/Search';
import { RESULTS_ID } from './search-ids';
import { kbd } from '../ui/styles';

export interface SearchFieldProps {
  inputRef: RefObject<HTMLInputElement | null>;
  query: string;
  /** The result list is on screen (the field then controls it). */
  listShown: boolean;
  activeId: string | undefined;
  onChange(query: string): void;
  onMove(step: number): void;
  onEnter(): void;
  /** Escape in the field: the shell decides (back to the list from a member, else clear). True if handled. */
  onEscape(): boolean;
}

/**
 * The global member search: a combobox whose list is the search screen. The focus stays here;
 * ↑/↓ move the selection, Enter opens, Esc goes back to the list or clears it.
 */
export function SearchField({ inputRef, query, listShown, activeId, onChange, onMove, onEnter, onEscape }: SearchFieldProps) {
  const { t } = useTranslation();

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        onMove(1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        onMove(-1);
        break;
      case 'PageDown':
        event.preventDefault();
        onMove(10);
        break;
      case 'PageUp':
        event.preventDefault();
        onMove(-10);
        break;
      case 'Enter':
        event.preventDefault();
        onEnter();
        break;
      case '/':
        // "/" is the shortcut to this field; pressed where the focus already is (issue 12: the focus is
        // here from sign-in on), it does nothing rather than start the query with a "/".
        if (query === '' && !event.ctrlKey && !event.metaKey && !event.altKey) event.preventDefault();
        break;
      case 'Escape':
        // Handled here, so the shell's global Escape does not act a second time.
        if (onEscape()) event.preventDefault();
        break;
    }
  };

  return (
    <TextField
      type="search"
      value={query}
      placeholder={t('shell.searchPlaceholder')}
      onChange={(event) => onChange(event.target.value)}
      onKeyDown={onKeyDown}
      inputRef={inputRef}
      autoComplete="off"
      sx={{
        maxWidth: 560,
        '& .MuiOutlinedInput-root': { bgcolor: 'common.white', borderRadius: 1.5 },
        '& .MuiOutlinedInput-notchedOutline': { borderColor: 'transparent' },
        '& input::-webkit-search-cancel-button': { display: 'none' },
      }}
      slotProps={{
        htmlInput: {
          role: 'combobox',
          'aria-label': t('shell.search'),
          'aria-autocomplete': 'list',
          'aria-expanded': listShown,
          'aria-controls': listShown ? RESULTS_ID : undefined,
          'aria-activedescendant': activeId,
          'aria-keyshortcuts': 'Control+K /',
          spellCheck: false,
          // The contract's limit for members.search.
          maxLength: 200,
        },
        input: {
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
          endAdornment: (
            <InputAdornment position="end">
              {query === '' ? (
                <Box title={t('shell.searchShortcutHint')} sx={{ display: 'flex', gap: 0.5 }}>
                  <Box component="kbd" sx={kbd}>
                    {t('shell.searchShortcut')}
                  </Box>
                  <Box component="kbd" sx={kbd}>
                    {t('shell.searchShortcutSlash')}
                  </Box>
                </Box>
              ) : (
                <IconButton size="small" edge="end" aria-label={t('shell.clearSearch')} onClick={() => onChange('')}>
                  <ClearIcon fontSize="small" />
                </IconButton>
              )}
            </InputAdornment>
          ),
        },
      }}
    />
  );
}

