CREATE FUNCTION fn_add_user(p_email text, p_name text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE v bigint;
BEGIN
    INSERT INTO tb_user (email, name) VALUES (p_email, p_name) RETURNING pk_user INTO v;
    RETURN v;
END $$;
