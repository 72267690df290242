-- Reference users, present in every environment.
INSERT INTO tb_user (email, name) VALUES
    ('ada@example.com', 'Ada Lovelace'),
    ('alan@example.com', 'Alan Turing'),
    ('grace@example.com', 'Grace Hopper');
