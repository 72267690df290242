CREATE TABLE public.new_thing (id int);
INSERT INTO public.new_thing VALUES (2);
