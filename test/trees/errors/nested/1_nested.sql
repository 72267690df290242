SELECT * FROM confiture_build('/nonexistent/tree');
