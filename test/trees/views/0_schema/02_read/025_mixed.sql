-- a write-side table in a read folder: a views-only rebuild skips it
CREATE TABLE tb_audit (at timestamptz DEFAULT now(), what text);
CREATE VIEW v_audit AS SELECT what FROM tb_audit;
