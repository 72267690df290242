CREATE TABLE cic (id int);

CREATE INDEX CONCURRENTLY cic_id ON cic (id);
