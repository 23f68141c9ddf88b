import { useState, type FormEvent } from 'react';
import type { Session } from '../../session/session';

type Mode = 'logIn' | 'signUp';

export function AuthForm({ session }: { session: Session }) {
  const [mode, setMode] = useState<Mode>('logIn');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await (mode === 'logIn' ? session.logIn(username, password) : session.signUp(username, password));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  };

  return (
    <form className="auth card" onSubmit={submit}>
      <h1>{mode === 'logIn' ? 'Log in' : 'Create an account'}</h1>
      <label>
        Username
        <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required />
      </label>
      <label>
        Password
        <input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete={mode === 'logIn' ? 'current-password' : 'new-password'}
          minLength={8}
          required
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {mode === 'logIn' ? 'Log in' : 'Sign up'}
      </button>
      <button type="button" className="link" onClick={() => setMode(mode === 'logIn' ? 'signUp' : 'logIn')}>
        {mode === 'logIn' ? 'New here? Create an account' : 'Have an account? Log in'}
      </button>
    </form>
  );
}
