-- Write side: one table per entity, tb_ prefix.
CREATE TABLE tb_author (
    pk_author int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE
);
