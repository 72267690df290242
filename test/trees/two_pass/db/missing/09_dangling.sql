-- its foreign key names a table that no file creates
CREATE TABLE tb_dangling (
    id int PRIMARY KEY,
    ghost_id int
        REFERENCES tb_ghost (id)
);
