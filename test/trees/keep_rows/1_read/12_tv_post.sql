-- filled by sync_tv_post(), called by the mutation functions (fraiseql's
-- pattern): no statement of the tree fills it, so its rows are kept
CREATE TABLE tv_post (
    id integer PRIMARY KEY,
    data jsonb NOT NULL,
    views integer,
    note text,
    seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX tv_post_views ON tv_post (views);
