-- filled by sync_item(): kept; its CHECK calls a function that needs the
-- tree's search_path
CREATE TABLE tv_item (id integer PRIMARY KEY CHECK (item_exists(id)), name text NOT NULL);
