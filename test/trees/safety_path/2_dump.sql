-- as pg_dump writes it
SELECT pg_catalog.set_config('search_path', 'app', false);
CREATE VIEW v_item_count AS SELECT count(*) AS n FROM tb_item;
CREATE FUNCTION count_items() RETURNS SETOF v_item_count LANGUAGE sql AS $$ SELECT * FROM v_item_count $$;
