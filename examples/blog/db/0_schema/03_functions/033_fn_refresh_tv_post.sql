CREATE FUNCTION fn_refresh_tv_post()
RETURNS integer
LANGUAGE sql
AS $$
    WITH cleared AS (DELETE FROM tv_post RETURNING 1),
         filled AS (
             INSERT INTO tv_post (id, data)
             SELECT id, to_jsonb(v) FROM v_post AS v
             RETURNING 1)
    SELECT count(*)::integer FROM filled;
$$;
