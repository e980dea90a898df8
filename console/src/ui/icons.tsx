// Inline icons (no icon font, no request): each is decorative, its meaning is always in text beside it.

export function WarningIcon() {
  return (
    <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d="M8 1.2 15.2 14H.8L8 1.2Z" fill="currentColor" />
      <path d="M7.2 5.5h1.6v4.4H7.2zM7.2 11h1.6v1.6H7.2z" fill="var(--icon-on, #fff)" />
    </svg>
  );
}

export function NormalIcon() {
  return (
    <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6" />
      <path d="M5 8.2 7.1 10.3 11 6.2" fill="none" stroke="currentColor" stroke-width="1.6" />
    </svg>
  );
}

export function Chevron({ open }: { open: boolean }) {
  return (
    <svg class={`icon chevron${open ? ' open' : ''}`} viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M5.5 3 10.5 8 5.5 13" fill="none" stroke="currentColor" stroke-width="2" />
    </svg>
  );
}

export function TypeBadge({ type }: { type: string }) {
  const warning = type === 'Warning';
  return (
    <span class={`type-badge ${warning ? 'warning' : 'normal'}`}>
      {warning ? <WarningIcon /> : <NormalIcon />}
      {type}
    </span>
  );
}
