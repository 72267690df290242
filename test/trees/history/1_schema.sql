-- A little of every kind of object the schema fingerprint describes.
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE TABLE tb_person (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email email NOT NULL UNIQUE,
    mood mood DEFAULT 'ok',
    created timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE tb_person IS 'people';
CREATE INDEX tb_person_mood ON tb_person (mood);
CREATE SEQUENCE ticket_seq INCREMENT 10;
ALTER TABLE tb_person ENABLE ROW LEVEL SECURITY;
CREATE POLICY person_self ON tb_person USING (email = current_user);
