-- Rules about tags, per namespace (scope = its name) or per repository (scope = the full name).
-- A pattern matches whole tag names, '*' standing for any run of characters. Only kind
-- 'immutable' exists: a tag it matches is never moved to another manifest nor deleted.
CREATE TABLE tag_rule (
    scope      VARCHAR(255) NOT NULL,
    pattern    VARCHAR(128) NOT NULL,
    kind       VARCHAR(16) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (scope, pattern, kind)
);
