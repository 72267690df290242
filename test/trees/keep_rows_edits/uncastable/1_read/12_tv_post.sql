-- jsonb has no assignment cast to integer
CREATE TABLE tv_post (
    id integer PRIMARY KEY,
    data integer NOT NULL,
    views integer,
    seq bigint GENERATED ALWAYS AS IDENTITY
);
