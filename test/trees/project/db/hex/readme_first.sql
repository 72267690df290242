SELECT 'readme_first';
