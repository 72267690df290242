-- Extensions this tree creates: a reset drops hstore so that this creates it
-- again; cube stays, as the DBA's earthdistance requires it.
CREATE EXTENSION IF NOT EXISTS hstore;
CREATE EXTENSION IF NOT EXISTS cube;
