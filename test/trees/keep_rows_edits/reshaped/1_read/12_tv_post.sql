-- columns reordered, note dropped, kind added with a default, id and views
-- widened, title generated, a CHECK constraint
CREATE TABLE tv_post (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    kind text NOT NULL DEFAULT 'post',
    views bigint,
    data jsonb NOT NULL,
    id bigint PRIMARY KEY CHECK (id > 0),
    title text GENERATED ALWAYS AS (data->>'title') STORED
);
