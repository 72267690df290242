START TRANSACTION;

CREATE TABLE wrapped_two (id int);

END;
