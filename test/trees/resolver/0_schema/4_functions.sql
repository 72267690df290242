-- A dependent of the read side outside it: the resolver runs on every statement.
CREATE FUNCTION list_users() RETURNS SETOF v_user LANGUAGE sql AS 'SELECT * FROM v_user';
ALTER FUNCTION list_users() OWNER TO CURRENT_USER;
CREATE FUNCTION add_one(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 + 1';
CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer);
ALTER AGGREGATE total(integer) OWNER TO CURRENT_USER;
CREATE OPERATOR ### (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4pl);
ALTER OPERATOR ### (integer, integer) OWNER TO CURRENT_USER;
COMMENT ON OPERATOR ### (integer, integer) IS 'adds';
COMMENT ON FUNCTION add_one(integer) IS 'adds one';
