CREATE TABLE public.never (id int);
