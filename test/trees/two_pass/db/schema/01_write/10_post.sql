-- Posts come first, though they reference users, labels and pairs created by
-- later files.
CREATE TABLE tb_post (
    id int PRIMARY KEY,
    author_id int REFERENCES tb_user (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED NOT NULL,
    editor_id int CONSTRAINT post_editor REFERENCES tb_user,
    reviewer int,
    label text COLLATE "C" REFERENCES tb_label,   -- a COLLATE after the key stays
    parent_id int REFERENCES tb_post,              -- itself
    CONSTRAINT post_positive CHECK (id > 0),
    FOREIGN KEY (reviewer) REFERENCES tb_user (id),
    FOREIGN KEY (reviewer) REFERENCES tb_user (id) MATCH FULL,
    CONSTRAINT post_pair FOREIGN KEY (reviewer, author_id) REFERENCES other.tb_pair (a, b)
);

-- a table whose first element is a foreign key, and one whose last is
CREATE TABLE tb_first (FOREIGN KEY (x) REFERENCES tb_user, x int);
CREATE TABLE tb_last (x int, FOREIGN KEY (x) REFERENCES tb_user);
