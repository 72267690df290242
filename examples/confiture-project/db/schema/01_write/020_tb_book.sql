CREATE TABLE tb_book (
    pk_book int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fk_author int NOT NULL REFERENCES tb_author,
    title text NOT NULL,
    published date
);
