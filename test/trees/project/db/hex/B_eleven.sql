SELECT 'B_eleven';
