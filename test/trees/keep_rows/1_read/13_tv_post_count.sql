-- filled by a statement of the tree: refilled, not kept
CREATE TABLE tv_post_count (posts bigint NOT NULL);
INSERT INTO tv_post_count SELECT count(*) FROM v_post;
