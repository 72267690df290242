/*
 * reset.h: emptying the database before a build with reset => true.
 */
#ifndef CONFITURE_RESET_H
#define CONFITURE_RESET_H

extern void reset_database(void);

#endif							/* CONFITURE_RESET_H */
