SELECT '01F_thirty_one';
