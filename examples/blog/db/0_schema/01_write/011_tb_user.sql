-- Command side: users (source of truth).
CREATE TABLE tb_user (
    pk_user     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    email       citext NOT NULL UNIQUE,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE tb_user IS 'Registered users';
