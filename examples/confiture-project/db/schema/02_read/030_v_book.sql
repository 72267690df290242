-- Read side: what the API reads.
CREATE VIEW v_book AS
SELECT b.pk_book AS id, b.title, b.published, a.name AS author
  FROM tb_book AS b
  JOIN tb_author AS a ON a.pk_author = b.fk_author;
