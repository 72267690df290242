SELECT 1;
-- café in Latin-1
