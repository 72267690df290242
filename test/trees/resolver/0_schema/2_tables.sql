CREATE TABLE tb_user (id positive PRIMARY KEY, name text NOT NULL, feeling mood);
COMMENT ON COLUMN tb_user.feeling IS 'last known mood';
CREATE SCHEMA app;
ALTER SCHEMA app OWNER TO CURRENT_USER;
CREATE SEQUENCE app.counter;
ALTER SEQUENCE app.counter OWNER TO CURRENT_USER;
