-- People who sign in through a directory (LDAP) or an OpenID provider. origin says where an account
-- signs in: 'local' (a Berth password, or a robot's access tokens), 'ldap', or 'oidc:<provider id>'.
-- External accounts have no password of their own (password_hash stays null); external_subject is
-- what their source calls them: the entry's DN for LDAP, the ID token's sub for OIDC, which is how
-- a returning OIDC user is recognised even when their name claim changed.
ALTER TABLE users ADD COLUMN origin VARCHAR(80) DEFAULT 'local' NOT NULL;
ALTER TABLE users ADD COLUMN external_subject VARCHAR(512);
CREATE UNIQUE INDEX users_origin_subject ON users (origin, external_subject);

-- A membership granted by a group mapping rule rather than by a namespace owner or an admin. Each
-- sign-in re-evaluates the rules and adds, changes and removes only these; direct ones stay.
ALTER TABLE namespace_member ADD COLUMN group_mapped BOOLEAN DEFAULT FALSE NOT NULL;

-- The one-time codes an OIDC sign-in hands the web UI (in a URL fragment) to exchange for a Berth
-- session token. Only a SHA-256 of the code is kept; a code is deleted when used, and expires in
-- seconds. In the database, so the replica that exchanges it need not be the one that issued it.
CREATE TABLE sign_in_code (
    code_hash  VARCHAR(64) PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
