-- a migration: no environment includes db/migrations
ALTER TABLE tb_post ADD COLUMN never int;
