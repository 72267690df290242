-- Test fixtures: what the tests expect to find.
SELECT fn_add_book('Test Author', 'Fixture Book');
