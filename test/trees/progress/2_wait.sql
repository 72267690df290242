-- waits while the isolation test holds the gate
LOCK TABLE progress_gate IN SHARE MODE;
