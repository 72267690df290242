-- Development data.
INSERT INTO tb_book (fk_author, title, published)
SELECT pk_author, 'The Dispossessed', DATE '1974-05-01' FROM tb_author WHERE name = 'Ursula K. Le Guin';
INSERT INTO tb_book (fk_author, title, published)
SELECT pk_author, 'Invisible Cities', DATE '1972-11-01' FROM tb_author WHERE name = 'Italo Calvino';
