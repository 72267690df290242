CREATE TABLE tb_comment (
    pk_comment  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fk_post     bigint NOT NULL REFERENCES tb_post (pk_post) ON DELETE CASCADE,
    fk_author   bigint NOT NULL REFERENCES tb_user (pk_user),
    body        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_tb_comment_post ON tb_comment (fk_post);
