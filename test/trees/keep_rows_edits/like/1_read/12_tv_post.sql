-- LIKE brings a NOT NULL column the declaration does not show
CREATE TABLE tv_post (
    id integer PRIMARY KEY,
    data jsonb NOT NULL,
    views integer,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    LIKE tb_post_shape
);
