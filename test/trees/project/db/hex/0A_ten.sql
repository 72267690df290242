SELECT '0A_ten';
