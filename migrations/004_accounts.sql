-- why: accounts with roles, login sessions and API tokens, so every change has an author and writes need a role
-- Names are compared case-insensitively: "Kim" and "kim" would be the same person in the change log.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'reader')),
  password_hash TEXT NOT NULL,          -- scrypt output, "scrypt$N$r$p$<base64>" so the cost can be raised later
  password_salt TEXT NOT NULL,          -- per-user random salt, base64
  created_at    TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
);

-- The id is the sha256 of the random token in the cookie: a stolen database file holds no usable session.
CREATE TABLE sessions (
  id         TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Tokens for scripts and the CLI; only their sha256 is stored, the token itself is shown once.
CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Login attempts are counted in memory (server/auth/rate-limit.ts), not here: a table would turn
-- every failed guess into a database write an attacker controls, and one process serves one file.
