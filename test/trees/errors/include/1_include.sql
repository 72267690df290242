-- pulls in another file, psql style
\i other.sql
