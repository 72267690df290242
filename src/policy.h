/*
 * policy.h: who may read schema trees, and which paths they may read.
 */
#ifndef CONFITURE_POLICY_H
#define CONFITURE_POLICY_H

extern void access_check_role(const char *function);
extern void access_check_opened(int fd, const char *path, const char *display);

#endif							/* CONFITURE_POLICY_H */
