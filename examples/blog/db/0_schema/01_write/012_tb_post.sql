CREATE TABLE tb_post (
    pk_post     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    fk_author   bigint NOT NULL REFERENCES tb_user (pk_user),
    title       text NOT NULL,
    body        text NOT NULL DEFAULT '',
    status      post_status NOT NULL DEFAULT 'draft',
    published_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_tb_post_author ON tb_post (fk_author);
CREATE INDEX idx_tb_post_published ON tb_post (published_at) WHERE status = 'published';
