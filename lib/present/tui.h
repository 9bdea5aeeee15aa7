/* The terminal side of `vmtune top`: the only file that includes
 * <curses.h> (built only with ncurses, HAVE_NCURSES).  It copies a
 * composed frame's cells to the screen, reads keys, and gives the terminal
 * back on every way out: vt_tui_close (idempotent), atexit, and a handler
 * for the fatal signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) that
 * restores the terminal and re-raises.  SIGINT, SIGTERM and SIGHUP are the
 * caller's: it ends its loop, closes, and re-raises them itself. */
#ifndef VT_PRESENT_TUI_H
#define VT_PRESENT_TUI_H

#include <stdbool.h>

#include "present/frame.h"

/* vt_tui_key's results beyond the frame's keys. */
#define VT_TUI_TIMEOUT (-1)
#define VT_TUI_RESIZE (-2)

/* Starts curses on the terminal: no echo, keys at once, no cursor;
 * colour pairs when `color` and the terminal has colours, else the
 * monochrome attributes.  0, or -errno with *cause. */
int vt_tui_open(bool color, char **cause);
/* Ends curses and restores the terminal; harmless when not open. */
void vt_tui_close(void);
void vt_tui_size(unsigned *cols, unsigned *rows);
/* Draws every cell of the frame and refreshes. */
void vt_tui_draw(const struct vt_frame *f);
/* Waits up to timeout_ms (< 0: forever) for a key: the key (Tab as
 * VT_KEY_TAB, Escape as VT_KEY_ESC), VT_TUI_RESIZE, or VT_TUI_TIMEOUT
 * (also when a signal cut the wait). */
int vt_tui_key(int timeout_ms);

#endif
