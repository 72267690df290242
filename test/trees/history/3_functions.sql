CREATE FUNCTION person_count() RETURNS bigint LANGUAGE sql AS $$SELECT count(*) FROM tb_person$$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.created := now(); RETURN NEW; END$$;
CREATE TRIGGER tb_person_touch BEFORE UPDATE ON tb_person FOR EACH ROW EXECUTE FUNCTION touch();
INSERT INTO tb_person (email) VALUES ('a@example.com');
