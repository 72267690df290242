CREATE TABLE tb_post (
    pk_post integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title text NOT NULL,
    views integer NOT NULL DEFAULT 0
);
-- what the LIKE edit copies its columns from
CREATE TABLE tb_post_shape (author text NOT NULL);
