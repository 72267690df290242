-- Keys that once came out wrong, each to tb_ref of the next file.

-- the first two elements are keys: the comma after the second is cut
CREATE TABLE tb_lead (FOREIGN KEY (x) REFERENCES tb_ref, FOREIGN KEY (y) REFERENCES tb_ref, x int, y int);

-- both keys would be tb_x_y_z_fkey: in one pass, the second is tb_x_y_z_fkey1
CREATE TABLE tb_x (y_z int REFERENCES tb_ref);
CREATE TABLE tb_x_y (z int REFERENCES tb_ref);

-- CREATE TABLE validates a key marked NOT VALID
CREATE TABLE tb_not_valid (a int, FOREIGN KEY (a) REFERENCES tb_ref NOT VALID);

-- on a table there already: does nothing, keys included
CREATE TABLE IF NOT EXISTS tb_x (y_z int REFERENCES tb_ref);

-- renamed, moved to another schema, dropped (with its key) by later statements
CREATE TABLE tb_renamed (a int REFERENCES tb_ref);
ALTER TABLE tb_renamed RENAME TO tb_renamed_again;
CREATE TABLE tb_moved (a int REFERENCES tb_ref);
CREATE SCHEMA moved;
ALTER TABLE tb_moved SET SCHEMA moved;
CREATE TABLE tb_dropped (a int REFERENCES tb_ref);
DROP TABLE tb_dropped;
CREATE TABLE tb_dropped (a int REFERENCES tb_ref);
