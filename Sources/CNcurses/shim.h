#ifndef BPTT_CNCURSES_SHIM_H
#define BPTT_CNCURSES_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so ask for the wide-character API here.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <curses.h>

// Globals and macros that Swift cannot import (or that Swift 6 concurrency rejects).
static inline WINDOW *bptt_stdscr(void) { return stdscr; }
static inline int bptt_lines(void) { return LINES; }
static inline int bptt_cols(void) { return COLS; }
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
static inline int bptt_err(void) { return ERR; }

// Writes one wide character with attributes and a colour pair at (y, x).
static inline int bptt_put_wch(WINDOW *w, int y, int x, wchar_t ch, unsigned int attrs, short pair) {
    cchar_t cc;
    wchar_t text[2] = { ch, 0 };
    if (setcchar(&cc, text, (attr_t)attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(w, y, x, &cc);
}
#endif
