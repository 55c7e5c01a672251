-- Every namespace that holds repositories has a row: the first push into a new namespace makes
-- one, deleting a user keeps theirs, so nobody can later "create" a namespace with images in it
-- and become their owner. owner names the user whose own namespace it is (kept as text, so it
-- outlives the account); null for namespaces made by admins or through the API.
ALTER TABLE namespace ADD COLUMN owner VARCHAR(64);

INSERT INTO namespace (name, public_pull, created_at, owner)
SELECT ns.name, NULL, ns.created_at, (SELECT u.username FROM users u WHERE u.username = ns.name AND u.robot = FALSE)
FROM (
    SELECT CASE WHEN POSITION('/' IN r.name) > 0 THEN SUBSTRING(r.name FROM 1 FOR POSITION('/' IN r.name) - 1)
                ELSE r.name END AS name,
           MIN(r.created_at) AS created_at
    FROM repository r
    GROUP BY CASE WHEN POSITION('/' IN r.name) > 0 THEN SUBSTRING(r.name FROM 1 FOR POSITION('/' IN r.name) - 1)
                  ELSE r.name END
) ns
WHERE NOT EXISTS (SELECT 1 FROM namespace n WHERE n.name = ns.name);

UPDATE namespace SET owner = name
WHERE owner IS NULL AND EXISTS (SELECT 1 FROM users u WHERE u.username = namespace.name AND u.robot = FALSE);

-- Raised by every password change: registry and refresh tokens carry the version they were issued
-- under, and one issued before the change is refused at its next use.
ALTER TABLE users ADD COLUMN password_version INTEGER DEFAULT 0 NOT NULL;
