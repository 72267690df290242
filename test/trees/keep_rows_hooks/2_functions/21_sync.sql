CREATE FUNCTION sync_item(p_id integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO tv_item SELECT pk_item, name FROM tb_item WHERE pk_item = p_id;
    INSERT INTO tv_item_tag SELECT pk_item, kind FROM tb_item WHERE pk_item = p_id;
    INSERT INTO tv_item_by_kind (kind, id) SELECT kind, pk_item FROM tb_item WHERE pk_item = p_id;
$$;
