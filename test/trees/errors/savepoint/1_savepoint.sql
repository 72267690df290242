SAVEPOINT before_change;
