#ifndef POSTMOTERM_CNCURSESW_SHIM_H
#define POSTMOTERM_CNCURSESW_SHIM_H
/*
 * What `pkg-config --cflags ncursesw` asks for (-D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600), defined
 * here: SwiftPM refuses -D flags from pkg-config ("prohibited flag(s)"), so the module does not
 * use pkg-config and links ncursesw by its module map.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600
#endif
/* Wide-character curses: must be defined before <curses.h> (see STYLE.md pitfalls). */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/*
 * Macros and globals Swift cannot import (or, under Swift 6, may not touch as shared mutable
 * state) wrapped as static inline functions. Only CursesBackend calls these, on its one actor.
 */

/*
 * Whether terminfo's entry for `term` can run a full-screen console: 1 when it can move the
 * cursor and clear the screen, 0 when it cannot (TERM=dumb), -1 when there is no entry. Reads
 * the terminfo database only: nothing is written to any terminal.
 */
static inline int pm_term_capability(const char *term) {
    int error = 0;
    TERMINAL *saved = cur_term;
    if (setupterm((char *)term, -1, &error) != OK) {
        set_curterm(saved);
        return -1;
    }
    char *move = tigetstr("cup");
    char *clear = tigetstr("clear");
    int capable = move != NULL && move != (char *)-1 && clear != NULL && clear != (char *)-1;
    TERMINAL *loaded = cur_term;
    set_curterm(saved);
    if (loaded != saved) del_curterm(loaded);
    return capable;
}

static inline WINDOW *pm_stdscr(void) { return stdscr; }
static inline int pm_lines(void) { return LINES; }
static inline int pm_cols(void) { return COLS; }
static inline int pm_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int pm_getmaxx(WINDOW *w) { return getmaxx(w); }

static inline attr_t pm_a_normal(void) { return A_NORMAL; }
static inline attr_t pm_a_bold(void) { return A_BOLD; }
static inline attr_t pm_a_reverse(void) { return A_REVERSE; }
static inline attr_t pm_a_underline(void) { return A_UNDERLINE; }
static inline attr_t pm_a_dim(void) { return A_DIM; }
static inline int pm_color_pair(int n) { return (int)COLOR_PAIR(n); }

static inline int pm_key_f(int n) { return KEY_F(n); }
static inline int pm_key_code_yes(void) { return KEY_CODE_YES; }
static inline int pm_key_resize(void) { return KEY_RESIZE; }
static inline int pm_key_up(void) { return KEY_UP; }
static inline int pm_key_down(void) { return KEY_DOWN; }
static inline int pm_key_left(void) { return KEY_LEFT; }
static inline int pm_key_right(void) { return KEY_RIGHT; }
static inline int pm_key_home(void) { return KEY_HOME; }
static inline int pm_key_end(void) { return KEY_END; }
static inline int pm_key_ppage(void) { return KEY_PPAGE; }
static inline int pm_key_npage(void) { return KEY_NPAGE; }
static inline int pm_key_btab(void) { return KEY_BTAB; }
static inline int pm_key_enter(void) { return KEY_ENTER; }
static inline int pm_key_backspace(void) { return KEY_BACKSPACE; }
static inline int pm_key_dc(void) { return KEY_DC; }

/* Writes one character cell (base + combining marks, NUL-terminated) with attributes. */
static inline int pm_put_cell(WINDOW *w, int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(w, y, x, &cell);
}

/* Reads back the characters of one cell (for tests): fills `out` (NUL-terminated) and the attrs. */
static inline int pm_read_cell(WINDOW *w, int y, int x, wchar_t *out, int capacity, attr_t *attrs) {
    cchar_t cell;
    short pair = 0;
    if (mvwin_wch(w, y, x, &cell) == ERR) return ERR;
    wchar_t buffer[CCHARW_MAX + 1];
    if (getcchar(&cell, buffer, attrs, &pair, NULL) == ERR) return ERR;
    int i = 0;
    for (; i < capacity - 1 && buffer[i] != 0; i++) out[i] = buffer[i];
    out[i] = 0;
    return OK;
}
#endif
