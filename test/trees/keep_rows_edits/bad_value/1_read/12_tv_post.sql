-- integer casts to smallint, but not every value does
CREATE TABLE tv_post (
    id integer PRIMARY KEY,
    data jsonb NOT NULL,
    views smallint,
    seq bigint GENERATED ALWAYS AS IDENTITY
);
