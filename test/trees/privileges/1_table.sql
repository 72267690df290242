-- needs CREATE on schema public
CREATE TABLE public.priv_table (id int);
