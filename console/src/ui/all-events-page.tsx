import { EventsView } from './events-view.js';
import { useTitle } from './hooks.js';

export function AllEventsPage() {
  useTitle('Events');
  return (
    <main id="main">
      <div class="page-head">
        <h1>Events</h1>
        <p class="muted">Every container group of this account, newest first.</p>
      </div>
      <EventsView chart />
    </main>
  );
}
