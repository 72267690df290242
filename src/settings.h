/*
 * settings.h: confiture's GUCs (all under the "confiture." prefix).
 */
#ifndef CONFITURE_SETTINGS_H
#define CONFITURE_SETTINGS_H

extern int	confiture_max_file_size;
extern char *confiture_allowed_paths;
extern char *confiture_read_prefixes;

extern void settings_load(void);

#endif							/* CONFITURE_SETTINGS_H */
