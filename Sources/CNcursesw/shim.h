#ifndef POSTMOTERM_CNCURSESW_SHIM_H
#define POSTMOTERM_CNCURSESW_SHIM_H
/* Wide-character curses: must be defined before <curses.h> (see STYLE.md pitfalls). */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#endif
