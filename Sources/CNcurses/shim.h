#ifndef BPTT_CNCURSES_SHIM_H
#define BPTT_CNCURSES_SHIM_H
// The wide-character API, which ncurses's pkg-config flags would turn on through -D_XOPEN_SOURCE=600
// (SwiftPM refuses those flags, so Package.swift does not use pkg-config here). The C library's own
// headers come from Swift's Glibc module, built with its own flags, so no feature macro is needed
// for them.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <curses.h>
#include <term.h>

// Globals and macros that Swift cannot import (or that Swift 6 concurrency rejects).
static inline WINDOW *bptt_stdscr(void) { return stdscr; }
static inline WINDOW *bptt_curscr(void) { return curscr; }
static inline int bptt_colors(void) { return COLORS; }
static inline int bptt_color_pairs(void) { return COLOR_PAIRS; }
static inline unsigned int bptt_attr_bold(void) { return (unsigned int)A_BOLD; }
static inline unsigned int bptt_attr_dim(void) { return (unsigned int)A_DIM; }
static inline unsigned int bptt_attr_reverse(void) { return (unsigned int)A_REVERSE; }
static inline unsigned int bptt_attr_underline(void) { return (unsigned int)A_UNDERLINE; }
static inline unsigned int bptt_attr_normal(void) { return (unsigned int)A_NORMAL; }
static inline int bptt_key_resize(void) { return KEY_RESIZE; }
static inline int bptt_key_left(void) { return KEY_LEFT; }
static inline int bptt_key_right(void) { return KEY_RIGHT; }
static inline int bptt_key_up(void) { return KEY_UP; }
static inline int bptt_key_down(void) { return KEY_DOWN; }
static inline int bptt_key_btab(void) { return KEY_BTAB; }
static inline int bptt_key_enter(void) { return KEY_ENTER; }
static inline int bptt_key_backspace(void) { return KEY_BACKSPACE; }
static inline int bptt_key_home(void) { return KEY_HOME; }
static inline int bptt_key_end(void) { return KEY_END; }
static inline int bptt_key_ppage(void) { return KEY_PPAGE; }
static inline int bptt_key_npage(void) { return KEY_NPAGE; }

// Writes one wide character with attributes and a colour pair at (y, x). The bottom-right cell is
// written by insertion: adding there would try to move the cursor past the end and return ERR.
static inline int bptt_put_wch(WINDOW *w, int y, int x, wchar_t ch, unsigned int attrs, short pair) {
    cchar_t cc;
    wchar_t text[2] = { ch, 0 };
    if (setcchar(&cc, text, (attr_t)attrs, pair, NULL) != OK) return ERR;
    if (y == getmaxy(w) - 1 && x == getmaxx(w) - 1) return mvwins_wch(w, y, x, &cc);
    return mvwadd_wch(w, y, x, &cc);
}

// Waits up to timeoutMs for input. Returns 0 when nothing came, 1 for a character (code holds the
// Unicode scalar), 2 for a function key (code holds the KEY_* value).
static inline int bptt_read_key(WINDOW *w, int timeoutMs, unsigned int *code) {
    wint_t wch = 0;
    wtimeout(w, timeoutMs);
    int r = wget_wch(w, &wch);
    *code = (unsigned int)wch;
    if (r == OK) return 1;
    if (r == KEY_CODE_YES) return 2;
    return 0;
}

// newterm on the process's own stdout/stdin (Swift 6 rejects the `stdout` and `stdin` globals).
static inline SCREEN *bptt_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }

// Looks TERM up in terminfo without opening a screen. Returns 1 when usable, 0 when the terminal
// type is unknown, -1 when no terminfo database was found, 2 when it cannot address the cursor
// (e.g. TERM=dumb), which a full-screen program needs.
static inline int bptt_probe_term(const char *term) {
    int err = 0;
    TERMINAL *saved = cur_term;
    TERMINAL *probe = NULL;
    if (setupterm(term, 1, &err) != OK) {
        set_curterm(saved);
        return err == 0 ? 0 : -1;
    }
    probe = cur_term;
    char *cup = tigetstr("cup");
    int usable = (cup != NULL && cup != (char *)-1);
    set_curterm(saved);
    if (probe != saved) del_curterm(probe);
    return usable ? 1 : 2;
}

// True when the C library's character set (after setlocale) is UTF-8.
static inline int bptt_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

// For atexit: restores the terminal if a screen is still in curses mode (endwin is a no-op error
// when no screen exists or it has already ended).
static inline void bptt_endwin_if_active(void) {
    if (!isendwin()) endwin();
}
#endif
