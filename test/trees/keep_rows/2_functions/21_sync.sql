CREATE FUNCTION sync_tv_post(p_id integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM tv_post WHERE id = p_id;
    INSERT INTO tv_post (id, data, views)
    SELECT v.id, jsonb_build_object('title', v.title), v.views FROM v_post AS v WHERE v.id = p_id;
END $$;

CREATE FUNCTION fn_create_post(p_title text, p_views integer DEFAULT 0) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE v integer;
BEGIN
    INSERT INTO tb_post (title, views) VALUES (p_title, p_views) RETURNING pk_post INTO v;
    PERFORM sync_tv_post(v);
    RETURN v;
END $$;
