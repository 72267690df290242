-- partitioned: its rows go back once its last partition exists, when the
-- triggers created on the way are there; none may act on the rows kept
CREATE TABLE tv_item_by_kind (kind text NOT NULL, id integer NOT NULL, stamp bigint) PARTITION BY LIST (kind);
CREATE TRIGGER tv_item_by_kind_audit AFTER INSERT ON tv_item_by_kind FOR EACH ROW EXECUTE FUNCTION tv_audit();
CREATE TABLE tv_item_by_kind_a PARTITION OF tv_item_by_kind FOR VALUES IN ('a');
CREATE TRIGGER tv_item_by_kind_a_stamp BEFORE INSERT ON tv_item_by_kind_a FOR EACH ROW EXECUTE FUNCTION tv_stamp();
ALTER TABLE tv_item_by_kind_a ENABLE ALWAYS TRIGGER tv_item_by_kind_a_stamp;
CREATE TABLE tv_item_by_kind_b PARTITION OF tv_item_by_kind FOR VALUES IN ('b');
