CREATE TABLE tb_item (pk_item integer PRIMARY KEY, kind text NOT NULL, name text NOT NULL);
-- what the read side's triggers write to: a views-only rebuild must leave it as it is
CREATE TABLE tb_audit (at_table text NOT NULL, id integer NOT NULL);
CREATE SEQUENCE tb_stamp;
-- a body naming its table unqualified, found through the search_path
CREATE FUNCTION item_exists(p_id integer) RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT EXISTS (SELECT FROM tb_item WHERE pk_item = p_id) $$;
CREATE FUNCTION tv_audit() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN INSERT INTO tb_audit VALUES (TG_TABLE_NAME, NEW.id); RETURN NEW; END $$;
CREATE FUNCTION tv_stamp() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN NEW.stamp := nextval('tb_stamp'); RETURN NEW; END $$;
