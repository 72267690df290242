CREATE FUNCTION fn_touch_updated_at()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER tr_tb_user_updated_at BEFORE UPDATE ON tb_user
    FOR EACH ROW EXECUTE FUNCTION fn_touch_updated_at();
CREATE TRIGGER tr_tb_post_updated_at BEFORE UPDATE ON tb_post
    FOR EACH ROW EXECUTE FUNCTION fn_touch_updated_at();
CREATE TRIGGER tr_tb_comment_updated_at BEFORE UPDATE ON tb_comment
    FOR EACH ROW EXECUTE FUNCTION fn_touch_updated_at();
