#include "config.h"
/* The wide-character API (setcchar, mvadd_wch) of ncursesw. */
#define NCURSES_WIDECHAR 1
#include "present/tui.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static bool vt_tui_is_open;
static bool vt_tui_atexit_set;
static attr_t vt_tui_attrs[VT_ATTR_COUNT];
static short vt_tui_pairs[VT_ATTR_COUNT];

void vt_tui_close(void)
{
	if (!vt_tui_is_open)
		return;
	vt_tui_is_open = false;
	curs_set(1);
	endwin();
}

/* A crash must not leave the terminal raw and blank: restore it, then die
 * of the same signal (SA_RESETHAND gave the default action back). */
static void vt_tui_on_fatal(int sig)
{
	vt_tui_close();
	raise(sig);
}

static void vt_tui_attrs_init(bool color)
{
	static const struct {
		enum vt_cell_attr attr;
		short fg;
		attr_t extra;
	} colors[] = {
		{ VT_ATTR_OK, COLOR_GREEN, 0 },
		{ VT_ATTR_WARN, COLOR_YELLOW, A_BOLD },
		{ VT_ATTR_CRIT, COLOR_RED, A_BOLD },
		{ VT_ATTR_TITLE, COLOR_CYAN, 0 },
	};

	/* Monochrome: what the colours say, in video attributes. */
	memset(vt_tui_pairs, 0, sizeof vt_tui_pairs);
	vt_tui_attrs[VT_ATTR_NORMAL] = A_NORMAL;
	vt_tui_attrs[VT_ATTR_BOLD] = A_BOLD;
	vt_tui_attrs[VT_ATTR_DIM] = A_DIM;
	vt_tui_attrs[VT_ATTR_TITLE] = A_BOLD;
	vt_tui_attrs[VT_ATTR_FOCUS] = A_REVERSE | A_BOLD;
	vt_tui_attrs[VT_ATTR_KEYS] = A_REVERSE;
	vt_tui_attrs[VT_ATTR_OK] = A_NORMAL;
	vt_tui_attrs[VT_ATTR_WARN] = A_BOLD;
	vt_tui_attrs[VT_ATTR_CRIT] = A_BOLD | A_UNDERLINE;
	if (!color || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	for (size_t i = 0; i < sizeof colors / sizeof colors[0]; i++) {
		short pair = (short)(i + 1);

		if (init_pair(pair, colors[i].fg, -1) == ERR)
			continue;
		vt_tui_pairs[colors[i].attr] = pair;
		vt_tui_attrs[colors[i].attr] = colors[i].extra;
	}
}

int vt_tui_open(bool color, char **cause)
{
	struct sigaction sa;
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

	if (initscr() == NULL) {
		if (cause)
			*cause = strdup("cannot start curses on this terminal (is TERM set?)");
		return -ENOTTY;
	}
	vt_tui_is_open = true;
	if (!vt_tui_atexit_set && atexit(vt_tui_close) == 0)
		vt_tui_atexit_set = true;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = vt_tui_on_fatal;
	sa.sa_flags = (int)SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		sigaction(fatal[i], &sa, NULL);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	/* Escape alone, without waiting a second for a sequence after it. */
	set_escdelay(25);
	vt_tui_attrs_init(color);
	return 0;
}

void vt_tui_size(unsigned *cols, unsigned *rows)
{
	*cols = COLS > 0 ? (unsigned)COLS : 0;
	*rows = LINES > 0 ? (unsigned)LINES : 0;
}

void vt_tui_draw(const struct vt_frame *f)
{
	unsigned rows = (unsigned)LINES, cols = (unsigned)COLS;

	for (unsigned r = 0; r < rows; r++) {
		const struct vt_cell *c = r < f->rows ? vt_frame_row(f, r) : NULL;

		for (unsigned i = 0; i < cols; i++) {
			wchar_t wc[2] = { L' ', 0 };
			enum vt_cell_attr a = VT_ATTR_NORMAL;
			cchar_t cc;

			/* The last cell of the screen: writing it would scroll. */
			if (r + 1 == rows && i + 1 == cols)
				break;
			if (c != NULL && i < f->cols) {
				wc[0] = c[i].ch ? (wchar_t)c[i].ch : L' ';
				a = (enum vt_cell_attr)c[i].attr;
			}
			setcchar(&cc, wc, vt_tui_attrs[a], vt_tui_pairs[a], NULL);
			mvadd_wch((int)r, (int)i, &cc);
		}
	}
	refresh();
}

int vt_tui_key(int timeout_ms)
{
	int ch;

	timeout(timeout_ms);
	ch = getch();
	if (ch == ERR)
		return VT_TUI_TIMEOUT;
	if (ch == KEY_RESIZE)
		return VT_TUI_RESIZE;
	if (ch == '\t')
		return VT_KEY_TAB;
	if (ch == 27)
		return VT_KEY_ESC;
	return ch;
}
