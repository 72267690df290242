-- A projection table filled from v_post.  The INSERT refills it on a
-- views-only rebuild; on a full build the tables are still empty here, and
-- the seed files call fn_refresh_tv_post() once they have rows.
CREATE TABLE tv_post (
    id      uuid PRIMARY KEY,
    data    jsonb NOT NULL
);

INSERT INTO tv_post (id, data) SELECT id, to_jsonb(v) FROM v_post AS v;
