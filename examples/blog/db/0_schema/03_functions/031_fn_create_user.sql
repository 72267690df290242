CREATE FUNCTION fn_create_user(p_email text, p_name text)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    v_id uuid;
BEGIN
    INSERT INTO tb_user (email, name)
    VALUES (p_email, p_name)
    RETURNING id INTO v_id;
    RETURN v_id;
END;
$$;
