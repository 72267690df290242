CREATE TABLE copy_t (id int, name text);
COPY copy_t (id, name) FROM stdin;
1	alice
2	bob
\.
