-- depends on v_user through its row type: dropped and recreated with it
CREATE FUNCTION report_users() RETURNS SETOF v_user
LANGUAGE sql STABLE AS $$ SELECT * FROM v_user ORDER BY id $$;
COMMENT ON FUNCTION report_users() IS 'every user';
