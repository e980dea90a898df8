// Sign-in with an access key pair, the same keys as the API. The service answers with an
// HttpOnly session cookie; the secret is sent once and never kept by the page.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../lib/api.js';
import type { Session } from '../lib/types.js';
import { useTitle } from './hooks.js';

export function SignIn({ onSignedIn, notice }: { onSignedIn: (s: Session) => void; notice?: string }) {
  useTitle('Sign in');
  const [id, setId] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" class="signin">
      <form
        class="card"
        aria-labelledby="signin-title"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            const s = await api.signIn(id.trim(), secret);
            setSecret('');
            onSignedIn(s);
          } catch (err) {
            setError(
              err instanceof ApiError && err.status === 401
                ? 'That access key pair is not valid. Check the AccessKey ID and secret.'
                : `Could not sign in: ${err instanceof Error ? err.message : String(err)}`,
            );
            setBusy(false);
          }
        }}
      >
        <h1 id="signin-title">Sign in to ECI events</h1>
        <p class="muted">Use an access key pair of your account: the same keys the API and the SDK use.</p>
        {notice && <p class="notice">{notice}</p>}
        <div class="field">
          <label for="access-key-id">AccessKey ID</label>
          <input
            id="access-key-id"
            name="accessKeyId"
            autoComplete="username"
            required
            spellcheck={false}
            value={id}
            onInput={(e) => setId(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="access-key-secret">AccessKey secret</label>
          <input
            id="access-key-secret"
            name="accessKeySecret"
            type="password"
            autoComplete="current-password"
            required
            value={secret}
            onInput={(e) => setSecret(e.currentTarget.value)}
            aria-describedby={error ? 'signin-error' : undefined}
          />
        </div>
        {error && (
          <p class="error" role="alert" id="signin-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
