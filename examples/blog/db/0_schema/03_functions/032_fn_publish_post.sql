CREATE FUNCTION fn_publish_post(p_post uuid)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE tb_post
       SET status = 'published', published_at = now()
     WHERE id = p_post AND status = 'draft';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'post % is not a draft', p_post;
    END IF;
END;
$$;
