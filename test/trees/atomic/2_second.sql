CREATE VIEW atomic_second AS SELECT id FROM atomic_first;
