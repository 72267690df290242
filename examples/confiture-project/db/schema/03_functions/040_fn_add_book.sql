CREATE FUNCTION fn_add_book(p_author text, p_title text) RETURNS int
LANGUAGE sql AS $$
    INSERT INTO tb_author (name) VALUES (p_author) ON CONFLICT (name) DO NOTHING;
    INSERT INTO tb_book (fk_author, title)
    SELECT pk_author, p_title FROM tb_author WHERE name = p_author
    RETURNING pk_book;
$$;
