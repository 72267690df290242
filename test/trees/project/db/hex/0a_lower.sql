SELECT '0a_lower';
