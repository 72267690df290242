-- Every environment with seeds has these.
INSERT INTO tb_author (name) VALUES ('Ursula K. Le Guin'), ('Italo Calvino');
