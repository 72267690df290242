CREATE FUNCTION user_list_step(text, v_user) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT concat_ws(',', $1, $2.email) $$;
CREATE AGGREGATE user_list(v_user) (sfunc = user_list_step, stype = text);
