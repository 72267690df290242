CREATE TABLE tv_post (id bigint PRIMARY KEY, data jsonb NOT NULL);
INSERT INTO tv_post SELECT v.id, to_jsonb(v) FROM v_post AS v;
