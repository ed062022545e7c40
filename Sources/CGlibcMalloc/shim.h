#ifndef POSTMOTERM_CGLIBCMALLOC_SHIM_H
#define POSTMOTERM_CGLIBCMALLOC_SHIM_H
/*
 * glibc's malloc tunables, which Swift's Glibc module does not import (<malloc.h> is not in it).
 * Only the console's start calls this (postmoterm's ConsoleRuntime/MallocArenas.swift).
 */
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

/*
 * At most `count` malloc arenas from now on (glibc's M_ARENA_MAX): a thread that first allocates
 * after this shares an existing arena instead of getting one of its own. Returns 1 when the C
 * library took it, 0 where there is no such setting.
 */
static inline int postmoterm_bound_malloc_arenas(int count) {
#if defined(M_ARENA_MAX)
    return mallopt(M_ARENA_MAX, count);
#else
    (void)count;
    return 0;
#endif
}

#endif
