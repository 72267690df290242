SELECT 'sub/05_five';
