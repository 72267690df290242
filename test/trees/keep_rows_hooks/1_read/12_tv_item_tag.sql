-- references another read-side table: the key is part of the read side,
-- and its rows go back after tv_item's
CREATE TABLE tv_item_tag (id integer NOT NULL REFERENCES tv_item (id), tag text NOT NULL);
