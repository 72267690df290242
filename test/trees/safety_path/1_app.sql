CREATE SCHEMA app;
SET search_path = app, public;
CREATE TABLE tb_item (id int);
CREATE VIEW v_item AS SELECT id FROM tb_item;
-- app.list_items(): resolved with the tree's search_path
CREATE FUNCTION list_items() RETURNS SETOF v_item LANGUAGE sql AS $$ SELECT * FROM v_item $$;
RESET search_path;
