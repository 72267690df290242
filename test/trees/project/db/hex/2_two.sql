SELECT '2_two';
