CREATE TABLE tb_post (
    pk_post bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fk_author bigint NOT NULL REFERENCES tb_user (pk_user),
    title text NOT NULL
);
CREATE INDEX idx_tb_post_author ON tb_post (fk_author);
