-- a new NOT NULL column without a default: the rows kept have no value
CREATE TABLE tv_post (
    id integer PRIMARY KEY,
    data jsonb NOT NULL,
    views integer,
    author text NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY
);
