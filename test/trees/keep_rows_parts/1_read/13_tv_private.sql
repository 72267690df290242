-- Each owner sees its rows, the table's owner included (FORCE); the policy
-- depends on the table's column.
CREATE TABLE tv_private (id int, owner text);
ALTER TABLE tv_private ENABLE ROW LEVEL SECURITY;
ALTER TABLE tv_private FORCE ROW LEVEL SECURITY;
CREATE POLICY private_own ON tv_private USING (owner = current_user);
