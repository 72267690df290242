-- now a deferred foreign key to the write side: the rows kept must fit it
CREATE TABLE tv_post (
    id integer PRIMARY KEY REFERENCES tb_user (pk_user) DEFERRABLE INITIALLY DEFERRED,
    title text NOT NULL,
    author v_user
);
