-- filled by the application: kept; "author" holds values of v_user's row
-- type, which goes with the drop
CREATE TABLE tv_post (id integer PRIMARY KEY, title text NOT NULL, author v_user);
