/*
 * settings.c: owns the definition of confiture's configuration parameters.
 */
#include "postgres.h"

#include "utils/guc.h"
#include "utils/memutils.h"

#include "settings.h"

/*
 * The parser needs the whole file plus a terminator in one allocation, so a
 * file can never be larger than MaxAllocSize - 2 bytes: 1 GB is the ceiling.
 */
#define MAX_FILE_SIZE_CEILING (1024 * 1024 * 1024)

int			confiture_max_file_size = MAX_FILE_SIZE_CEILING;

void
settings_define(void)
{
	DefineCustomIntVariable("confiture.max_file_size",
							"Largest SQL file a build reads.",
							"A larger file is an error, raised before any of it is read.",
							&confiture_max_file_size,
							MAX_FILE_SIZE_CEILING,
							0,
							MAX_FILE_SIZE_CEILING,
							PGC_SUSET,
							GUC_UNIT_BYTE,
							NULL, NULL, NULL);

#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("confiture");
#else
	EmitWarningsOnPlaceholders("confiture");
#endif
}
