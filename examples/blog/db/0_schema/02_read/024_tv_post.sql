-- A projection table: filled from v_post by fn_refresh_tv_post().
CREATE TABLE tv_post (
    id      uuid PRIMARY KEY,
    data    jsonb NOT NULL
);
